"""Stand-ins for Ocoya's AI: deterministic captions, square images and campaign drafts.

Every generated caption starts with a marker and every image carries a label, which mark them
as sandbox output.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from .context import SandboxContext
from .store import Creative, GeneratedImage, PostGroup

logger = logging.getLogger(__name__)

TONES = ("professional", "friendly", "educational", "bold", "founder_led")
LENGTHS = ("short", "medium", "long", "extra_long")

# Free of LinkedIn's markup characters (brackets among them), which the editor warns about.
SANDBOX_MARKER = "Sandbox AI draft:"
AI_IMAGE_SIZE = 1024

_OPENINGS = {
    "professional": "Here is what you need to know about {topic}.",
    "friendly": "Hey friends! Let's talk about {topic} 😊",
    "educational": "Did you know? A quick lesson on {topic}.",
    "bold": "Stop scrolling: {topic} changes everything.",
    "founder_led": "When I started this business, {topic} was what kept me up at night.",
}

_BODY_SENTENCES = (
    "It starts with one small, honest step.",
    "Our team has spent months getting the details right.",
    "Every choice we make comes back to the people we serve.",
    "The result is simple to use and easy to love.",
    "We would love to hear what you think.",
    "Share this with someone who needs it today.",
    "Come and see it for yourself this week.",
    "Thank you for being part of the story.",
)

_SENTENCE_COUNTS = {"short": 0, "medium": 2, "long": 4, "extra_long": 8}


@dataclass(frozen=True)
class CaptionRequest:
    """What a generated caption depends on; equal requests give equal captions."""

    topic: str
    tone: str = "professional"
    length: str = "medium"
    brand_voice: str | None = None
    hashtags: tuple[str, ...] = ()


def compose_caption(request: CaptionRequest) -> str:
    """Build a draft caption from the topic, tone, length, brand voice and hashtags."""
    topic = " ".join(request.topic.split())
    lines = [SANDBOX_MARKER, _OPENINGS[request.tone].format(topic=topic)]

    sentence_count = _SENTENCE_COUNTS[request.length]
    if sentence_count:
        lines.append(" ".join(_BODY_SENTENCES[:sentence_count]))
    if request.brand_voice:
        lines.append(f"(Written in the brand voice: {request.brand_voice})")
    if request.hashtags:
        lines.append(" ".join(request.hashtags))
    return "\n\n".join(lines)


def ai_image_path(seed_text: str) -> tuple[str, GeneratedImage]:
    """Return the sandbox file path and description of the square image for ``seed_text``."""
    digest = hashlib.sha256(seed_text.encode("utf-8")).hexdigest()[:24]
    return f"ai/{digest}.png", GeneratedImage("ai", seed_text, AI_IMAGE_SIZE, AI_IMAGE_SIZE)


def add_ai_image(context: SandboxContext, seed_text: str) -> Creative:
    """Register the generated image with the store and return it as an IMAGE creative."""
    path, image = ai_image_path(seed_text)
    context.store.add_file(path, image)
    return Creative(url=f"/_sandbox/files/{path}", type="IMAGE")


@dataclass(frozen=True)
class CampaignPlan:
    """A validated ``POST /campaigns`` request."""

    campaign_id: str
    workspace_id: str
    topic: str
    goal: str | None
    audience: str | None
    duration_days: int
    count: int
    caption_length: str
    tone: str
    brand_voice: str | None
    hashtags: tuple[str, ...]
    social_profile_ids: tuple[str, ...]
    generate_media: bool


async def generate_campaign(context: SandboxContext, plan: CampaignPlan) -> None:
    """Create the campaign's drafts one by one, spread over its duration, then mark it done."""
    step = timedelta(days=plan.duration_days) / plan.count
    first_slot = _next_morning(context.now())
    logger.info("Generating campaign %s with %s drafts", plan.campaign_id, plan.count)

    for number in range(plan.count):
        await context.sleep(context.ai_delay_seconds / 4)

        topic = f"{plan.topic} (post {number + 1} of {plan.count})"
        if plan.goal:
            topic += f", aiming to {plan.goal}"
        if plan.audience:
            topic += f", for {plan.audience}"
        caption = compose_caption(
            CaptionRequest(topic, plan.tone, plan.caption_length, plan.brand_voice, plan.hashtags)
        )
        creatives = [add_ai_image(context, topic)] if plan.generate_media else []

        context.store.add_post(
            PostGroup(
                id=context.store.new_id(),
                workspace_id=plan.workspace_id,
                status="DRAFT",
                caption=caption,
                created_at=context.now(),
                scheduled_at=first_slot + step * number,
                creatives=creatives,
                social_profile_ids=list(plan.social_profile_ids),
                campaign_id=plan.campaign_id,
            )
        )

    context.store.finish_campaign(plan.campaign_id, "COMPLETED")
    logger.info("Campaign %s is complete", plan.campaign_id)


def _next_morning(now: datetime) -> datetime:
    """Return 09:00 UTC on the day after ``now``."""
    return (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
