"""The cycle diagram: ring geometry, and the SVG and text drawn from stage data."""

import math
import re
from itertools import pairwise

import pytest
from django.template.loader import render_to_string

from articles.templatetags.cycle_diagram import (
    CENTRE,
    LABEL_RADIUS,
    RADIUS,
    SIZE,
    cycle_segments,
    ring_segments,
)

ARC = re.compile(
    r"M (?P<x1>[\d.]+) (?P<y1>[\d.]+) "
    rf"A {RADIUS} {RADIUS} 0 (?P<large>[01]) 1 (?P<x2>[\d.]+) (?P<y2>[\d.]+)"
)


def clockwise_degrees(x: float, y: float) -> float:
    """Return a point's angle around the centre, clockwise from twelve o'clock."""
    return math.degrees(math.atan2(x - CENTRE, CENTRE - y)) % 360


def test_no_stages_make_no_segments():
    assert ring_segments(0) == []


@pytest.mark.parametrize("count", range(1, 7))
def test_arcs_lie_on_the_ring_and_labels_inside_it_within_the_drawing(count):
    for segment in ring_segments(count):
        arc = ARC.fullmatch(segment.arc)
        assert arc, segment.arc
        ends = [
            (float(arc["x1"]), float(arc["y1"])),
            (float(arc["x2"]), float(arc["y2"])),
        ]
        for x, y in ends:
            assert math.dist((x, y), (CENTRE, CENTRE)) == pytest.approx(RADIUS, abs=0.1)
        label = (segment.label_x, segment.label_y)
        assert math.dist(label, (CENTRE, CENTRE)) == pytest.approx(
            LABEL_RADIUS, abs=0.1
        )
        assert all(0 < value < SIZE for point in [*ends, label] for value in point)


@pytest.mark.parametrize("count", range(2, 7))
def test_arcs_go_clockwise_from_twelve_o_clock_in_turn_without_overlapping(count):
    arcs = [ARC.fullmatch(segment.arc) for segment in ring_segments(count)]
    spans = [
        (
            clockwise_degrees(float(arc["x1"]), float(arc["y1"])),
            clockwise_degrees(float(arc["x2"]), float(arc["y2"])),
        )
        for arc in arcs
    ]

    assert 0 < spans[0][0] < 360 / count
    for (start, end), (next_start, _) in pairwise(spans):
        assert start < end < next_start
    assert all(arc["large"] == "0" for arc in arcs)


def test_a_single_stage_goes_nearly_all_the_way_round():
    (segment,) = ring_segments(1)

    assert ARC.fullmatch(segment.arc)["large"] == "1"


def test_each_label_sits_opposite_the_middle_of_its_arc():
    right, left = ring_segments(2)

    assert (right.label_x, right.label_y) == (CENTRE + LABEL_RADIUS, CENTRE)
    assert (left.label_x, left.label_y) == (CENTRE - LABEL_RADIUS, CENTRE)


def test_the_tag_pairs_each_stage_with_its_segment_in_order():
    stages = [{"name": "Anagen"}, {"name": "Catagen"}, {"name": "Telogen"}]

    pairs = cycle_segments(stages)

    assert [stage for stage, _ in pairs] == stages
    assert [segment for _, segment in pairs] == ring_segments(3)


# The template: an SVG image named by its title, and the same facts as text

DIAGRAM = {
    "title": "The hair growth cycle",
    "caption": "Each follicle cycles on its own.",
    "stages": [
        {"name": "Anagen", "duration": "3 to 5 years", "description": "growth"},
        {"name": "Catagen", "duration": "", "description": "transition"},
        {"name": "Telogen", "duration": "2 to 4 months", "description": "rest"},
    ],
}


def render(diagram: dict = DIAGRAM) -> str:
    return render_to_string(
        "includes/cycle_diagram.html", {"diagram": diagram, "prefix": "cycle"}
    )


def test_diagram_is_an_image_named_by_its_title_and_described_in_order():
    svg = render()

    assert (
        '<svg class="cycle-diagram__drawing" viewBox="0 0 320 320" width="320" '
        'height="320" role="img" aria-labelledby="cycle-title" '
        'aria-describedby="cycle-desc">'
    ) in svg
    assert '<title id="cycle-title">The hair growth cycle</title>' in svg
    assert (
        '<desc id="cycle-desc">Anagen (3 to 5 years), then Catagen, then Telogen '
        "(2 to 4 months), then back to Anagen.</desc>"
    ) in svg


def test_diagram_draws_one_arrowed_arc_and_label_per_stage():
    svg = render()

    assert svg.count('<path class="cycle-diagram__arc"') == 3
    assert svg.count('marker-end="url(#cycle-arrow)"') == 3
    names = re.findall(r'<tspan class="cycle-diagram__name">([^<]*)</tspan>', svg)
    assert names == ["Anagen", "Catagen", "Telogen"]
    durations = re.findall(r'<tspan class="cycle-diagram__duration"[^>]*>([^<]*)<', svg)
    assert durations == ["3 to 5 years", "2 to 4 months"]


def test_diagram_lists_the_stages_in_words_under_the_drawing():
    figure = render()
    caption = figure[figure.index("<figcaption>") :]

    assert "<strong>The hair growth cycle.</strong> Each follicle cycles" in caption
    assert re.findall(r"<li>(.*?)</li>", caption) == [
        "<strong>Anagen</strong> (3 to 5 years) – growth",
        "<strong>Catagen</strong> – transition",
        "<strong>Telogen</strong> (2 to 4 months) – rest",
    ]


def test_diagram_has_no_inline_style_for_the_content_security_policy():
    assert "style=" not in render()


def test_diagram_escapes_what_editors_type():
    hostile = '<script>alert(1)</script>"'
    diagram = {
        "title": hostile,
        "caption": hostile,
        "stages": [{"name": hostile, "duration": hostile, "description": hostile}] * 2,
    }

    figure = render(diagram)

    assert "<script>" not in figure
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in figure
