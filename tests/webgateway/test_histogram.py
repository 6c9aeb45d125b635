"""``histogram_json/<iid>/channel/<c>/?theZ=&theT=&bins=``."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import Client
from tests.webgateway.helpers import url

from pyomero.model.models import Image
from pyomero.testing.images import pixels_of, synthetic_plane


def test_it_counts_values_over_the_channels_range(owner: Client, image: Image) -> None:
    response = owner.get(url("histogram_json", image.pk, 1), {"bins": "16"})
    assert response.status_code == 200
    counts = response.json()["data"]
    channel = pixels_of(image).channels.get(index=1)
    values = synthetic_plane(image, c=1)
    expected, _ = np.histogram(values, 16, range=(channel.stats_min, channel.stats_max))
    assert counts == expected.tolist() and sum(counts) == 64 * 48


def test_it_defaults_to_256_bins(owner: Client, image: Image) -> None:
    assert len(owner.get(url("histogram_json", image.pk, 0)).json()["data"]) == 256


@pytest.mark.parametrize(
    ("channel", "query"),
    [(2, {}), (0, {"theZ": "1"}), (0, {"theT": "x"}), (0, {"bins": "0"}), (0, {"bins": "y"})],
)
def test_it_refuses_bad_parameters(owner: Client, image: Image, channel, query) -> None:
    response = owner.get(url("histogram_json", image.pk, channel), query)
    assert response.status_code == 400 and response.json()["message"]
