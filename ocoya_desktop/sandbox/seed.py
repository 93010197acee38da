"""Deterministic sample data: two workspaces, their profiles, kits, libraries and ~40 posts."""

from __future__ import annotations

from datetime import datetime, timedelta

from .store import (
    Account,
    BrandKit,
    Creative,
    GeneratedImage,
    HashtagLibrary,
    PostGroup,
    SandboxStore,
    SocialProfile,
    StudioTemplate,
    Workspace,
)

DEMO_API_KEY = "sandbox-demo-key"
"""Reaches both seeded workspaces."""

LIMITED_API_KEY = "sandbox-limited-key"
"""Reaches only the second seeded workspace, so requests for the first one return 403."""

_PROFILES = {
    0: [
        ("instagram", "Bean There Coffee"),
        ("facebook", "Bean There Coffee"),
        ("twitter", "@beanthere"),
        ("linkedin", "Bean There Coffee Ltd"),
        ("tiktok", "@beanthere.coffee"),
        ("pinterest", "Bean There Recipes"),
    ],
    1: [
        ("instagram", "Harbor Yoga"),
        ("x", "@harboryoga"),
        ("linkedin", "Harbor Yoga Studio"),
        ("facebook", "Harbor Yoga Studio"),
    ],
}

_BRAND_KITS = {
    0: [
        ("Bean There main", "Warm, playful and neighbourly; short sentences, coffee puns welcome."),
        ("Bean There wholesale", "Confident and precise; speaks to cafe owners about quality."),
    ],
    1: [("Harbor Yoga", "Calm, encouraging and inclusive; invites rather than instructs.")],
}

_HASHTAG_LIBRARIES = {
    0: [
        ("Coffee everyday", ["#coffee", "#latteart", "#coffeetime", "#baristalife"]),
        ("Local", ["#shoplocal", "#smallbusiness", "#neighbourhood"]),
    ],
    1: [("Yoga", ["#yoga", "#mindfulness", "#breathe", "#yogacommunity"])],
}

_TEMPLATES = {
    0: ["Menu board", "Quote card", "New arrival"],
    1: ["Class timetable", "Pose of the week"],
}

_COFFEE_CAPTIONS = [
    "Monday fuel is here ☕ Our new Ethiopian single origin is on the bar all week.",
    "Latte art throwdown this Friday at 6 pm. Bring your best rosetta! 🎨",
    "We are hiring a part-time barista. DM us or drop by with a smile.",
    "Rainy day special: any hot chocolate with a free cookie 🍪",
    "Behind the scenes: how we roast in small batches every Tuesday.",
    "Thank you for 10,000 followers! 🎉 Free refills all weekend.",
    "Cold brew season is back. Steeped for 18 hours, served over ice 🧊",
    "Meet Sam, our head roaster, who has tasted over 300 coffees this year.",
    "Oat, almond or whole? Tell us your milk of choice below 👇",
    "Closed on Sunday for a private event. See you Monday!",
    "New mugs in the shop, hand-thrown by a local potter.",
    "Five tips for better coffee at home, starting with fresh beans.",
]

_YOGA_CAPTIONS = [
    "Sunrise flow at 7 am every weekday 🌅 All levels welcome.",
    "Breathe in for four, hold for four, out for four. Try it now.",
    "Our new teacher training starts in March. Applications are open.",
    "Community class this Saturday: pay what you can 💛",
]

# (days from now when created, days from now when scheduled or None, status, workspace index)
_POSTS: list[tuple[float, float | None, str, int]] = [
    (-120, -110, "POSTED", 0),
    (-100, -95, "POSTED", 0),
    (-90, -80, "POSTED", 0),
    (-75, -70, "ERROR", 0),
    (-70, -60, "POSTED", 0),
    (-60, -55, "POSTED", 0),
    (-50, -45, "POSTED", 0),
    (-45, -40, "ERROR", 0),
    (-40, -30, "POSTED", 0),
    (-35, None, "DRAFT", 0),
    (-30, -25, "POSTED", 0),
    (-28, -20, "POSTED", 0),
    (-25, 5, "PENDING_CLIENT_APPROVAL", 0),
    (-20, -10, "POSTED", 0),
    (-18, 12, "PENDING_INTERNAL_APPROVAL", 0),
    (-15, -5, "POSTED", 0),
    (-12, None, "DRAFT", 0),
    (-10, 3, "SCHEDULED", 0),
    (-9, 7, "SCHEDULED", 0),
    (-8, 14, "SCHEDULED", 0),
    (-7, 21, "SCHEDULED", 0),
    (-6, 30, "SCHEDULED", 0),
    (-5, 45, "SCHEDULED", 0),
    (-4, 60, "SCHEDULED", 0),
    (-3, 20, "DRAFT", 0),
    (-2, None, "DRAFT", 0),
    (-1.5, 9, "PENDING_CLIENT_APPROVAL", 0),
    (-1, 1, "SCHEDULED", 0),
    (-0.5, 2, "SCHEDULED", 0),
    (-0.2, None, "DRAFT", 0),
    (-80, -75, "POSTED", 1),
    (-40, -35, "POSTED", 1),
    (-20, -15, "ERROR", 1),
    (-14, None, "DRAFT", 1),
    (-10, 4, "SCHEDULED", 1),
    (-7, 10, "SCHEDULED", 1),
    (-5, 25, "PENDING_INTERNAL_APPROVAL", 1),
    (-3, 40, "SCHEDULED", 1),
    (-2, None, "DRAFT", 1),
    (-1, 70, "SCHEDULED", 1),
]

# Seeded ids are the same on every run, so tests and demos can name them.
_ID_SEED = 20240501


def build_demo_store(now: datetime) -> SandboxStore:
    """Return a store with the sample data, with post times relative to ``now`` (aware UTC)."""
    store = SandboxStore(id_seed=_ID_SEED)
    with store.lock:
        workspaces = [
            Workspace(id=store.new_id(), name="Bean There Coffee"),
            Workspace(id=store.new_id(), name="Harbor Yoga Studio"),
        ]
        for workspace in workspaces:
            store.workspaces[workspace.id] = workspace

        _add_accounts(store, workspaces)
        profile_ids = _add_profiles(store, workspaces)
        _add_kits_libraries_templates(store, workspaces)
        _add_posts(store, workspaces, profile_ids, now)
    return store


def _add_accounts(store: SandboxStore, workspaces: list[Workspace]) -> None:
    store.accounts[DEMO_API_KEY] = Account(
        api_key=DEMO_API_KEY,
        user_id=store.new_id(),
        name="Dana Demo",
        email="dana@sandbox.invalid",
        workspace_ids=[workspace.id for workspace in workspaces],
    )
    store.accounts[LIMITED_API_KEY] = Account(
        api_key=LIMITED_API_KEY,
        user_id=store.new_id(),
        name="Lee Limited",
        email="lee@sandbox.invalid",
        workspace_ids=[workspaces[1].id],
    )


def _add_profiles(store: SandboxStore, workspaces: list[Workspace]) -> dict[int, list[str]]:
    profile_ids: dict[int, list[str]] = {}
    for index, workspace in enumerate(workspaces):
        profile_ids[index] = []
        for provider, name in _PROFILES[index]:
            profile_id = store.new_id()
            image_path = f"avatars/{profile_id}.png"
            store.files[image_path] = GeneratedImage("avatar", f"{name} {provider}", 128, 128)
            store.social_profiles[profile_id] = SocialProfile(
                id=profile_id,
                workspace_id=workspace.id,
                provider=provider,
                name=name,
                image=image_path,
            )
            profile_ids[index].append(profile_id)
    return profile_ids


def _add_kits_libraries_templates(store: SandboxStore, workspaces: list[Workspace]) -> None:
    for index, workspace in enumerate(workspaces):
        for name, description in _BRAND_KITS[index]:
            kit = BrandKit(store.new_id(), workspace.id, name, description)
            store.brand_kits[kit.id] = kit

        for name, hashtags in _HASHTAG_LIBRARIES[index]:
            library = HashtagLibrary(store.new_id(), workspace.id, name, list(hashtags))
            store.hashtag_libraries[library.id] = library

        for name in _TEMPLATES[index]:
            template_id = store.new_id()
            thumbnail = f"templates/{template_id}.png"
            store.files[thumbnail] = GeneratedImage("template", name, 320, 240)
            template = StudioTemplate(template_id, workspace.id, name, thumbnail)
            store.studio_templates[template.id] = template


def _add_posts(
    store: SandboxStore,
    workspaces: list[Workspace],
    profile_ids: dict[int, list[str]],
    now: datetime,
) -> None:
    # Whole minutes, because sent datetimes have no fractions and listed ones end in .000Z.
    base = now.replace(second=0, microsecond=0)
    for number, (created_days, scheduled_days, status, workspace_index) in enumerate(_POSTS):
        post_id = store.new_id()
        profiles = profile_ids[workspace_index]
        captions = _COFFEE_CAPTIONS if workspace_index == 0 else _YOGA_CAPTIONS
        chosen = [profiles[(number + offset) % len(profiles)] for offset in range(number % 3 + 1)]
        if status == "DRAFT" and number % 2 == 0:
            chosen = []

        creatives = []
        if number % 3 == 0:
            photo_path = f"posts/{post_id}.png"
            store.files[photo_path] = GeneratedImage(
                "photo", f"Sample photo {number + 1}", 640, 640
            )
            creatives.append(Creative(url=f"/_sandbox/files/{photo_path}", type="IMAGE"))

        scheduled_at = None
        if scheduled_days is not None:
            scheduled_at = base + timedelta(days=scheduled_days, hours=number % 5)

        store.posts[post_id] = PostGroup(
            id=post_id,
            workspace_id=workspaces[workspace_index].id,
            status=status,
            caption=captions[number % len(captions)],
            created_at=base + timedelta(days=created_days),
            scheduled_at=scheduled_at,
            creatives=creatives,
            social_profile_ids=chosen,
        )
