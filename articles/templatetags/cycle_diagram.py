"""Geometry for the cycle diagram: a ring of clockwise arcs, one per stage."""

import math
from dataclasses import dataclass

from django import template

register = template.Library()

# In the SVG's own units; CSS scales the drawing to its container.
SIZE = 320
CENTRE = SIZE / 2
RADIUS = 118  # of the ring's centre line; the stroke is drawn either side
LABEL_RADIUS = 62  # labels sit inside the ring, opposite their arc's middle
GAP_DEGREES = 16  # between arcs, leaving room for each arrowhead


@dataclass(frozen=True)
class Segment:
    arc: str  # SVG path data, drawn clockwise
    label_x: float
    label_y: float


def point(radius: float, degrees: float) -> tuple[float, float]:
    """Return the point at `degrees` clockwise from three o'clock on a circle."""
    angle = math.radians(degrees)
    return (
        round(CENTRE + radius * math.cos(angle), 1),
        round(CENTRE + radius * math.sin(angle), 1),
    )


def ring_segments(count: int) -> list[Segment]:
    """Split the ring into `count` equal arcs, clockwise from twelve o'clock."""
    sweep = 360 / count if count else 0
    segments = []
    for n in range(count):
        start = -90 + n * sweep + GAP_DEGREES / 2
        end = start + sweep - GAP_DEGREES
        (x1, y1), (x2, y2) = point(RADIUS, start), point(RADIUS, end)
        large_arc = int(end - start > 180)
        label_x, label_y = point(LABEL_RADIUS, (start + end) / 2)
        segments.append(
            Segment(
                arc=f"M {x1} {y1} A {RADIUS} {RADIUS} 0 {large_arc} 1 {x2} {y2}",
                label_x=label_x,
                label_y=label_y,
            )
        )
    return segments


@register.simple_tag
def cycle_segments(stages: list[dict]) -> list[tuple[dict, Segment]]:
    """Pair each stage of a diagram with its arc and label position."""
    return list(zip(stages, ring_segments(len(stages)), strict=True))
