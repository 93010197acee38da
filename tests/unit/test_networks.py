from ocoya_desktop.domain.networks import Network, network_for_provider


def test_provider_twitter_maps_to_x() -> None:
    assert network_for_provider("twitter") is Network.X
    assert network_for_provider("X") is Network.X


def test_unknown_provider_maps_to_none() -> None:
    assert network_for_provider("mastodon") is None
