"""Server-side geography: the small static world map of the city profiles.

The profile map is an SVG in plain longitude/latitude (viewBox -180 -90 360 180): a static
outline drawing (members/img/world.svg, built from world-atlas by `python -m
strongcities.members.geo`) with the city's dot drawn over it. No tile server, no JavaScript.
"""

import json
from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from django.conf import settings

WORLD_ATLAS = Path(settings.PACKAGE_DIR, "static", "vendor", "world-atlas", "countries-110m.json")
WORLD_SVG = Path(__file__).resolve().parent / "static" / "members" / "img" / "world.svg"

Ring = list[tuple[float, float]]


def svg_position(latitude: Decimal | float, longitude: Decimal | float) -> dict[str, str]:
    """SVG coordinates of a point on the profile map (unlocalised strings, y grows south)."""
    return {"x": f"{float(longitude):.3f}", "y": f"{-float(latitude):.3f}"}


def decode_arcs(topology: dict) -> list[Ring]:
    """The topology's arcs as absolute (lon, lat) points."""
    scale = topology.get("transform", {}).get("scale", [1, 1])
    translate = topology.get("transform", {}).get("translate", [0, 0])
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring_points(indexes: list[int], arcs: list[Ring]) -> Ring:
    """A ring from its arc indexes (a negative index ~i is arc i reversed)."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(ring: Ring) -> list[Ring]:
    """A ring made continuous across the antimeridian, and its copy on the other side.

    A jump of more than 180 degrees between two points means the edge crosses ±180: the
    following points are shifted by 360 so the shape stays whole (the viewBox clips it), and a
    shifted copy draws the part beyond the edge. A ring around a pole (Antarctica) ends 360
    degrees from where it started: it is closed along the pole instead.
    """
    shift = 0.0
    out: Ring = []
    previous = None
    for lon, lat in ring:
        if previous is not None and abs(lon + shift - previous) > 180:
            shift += -360 if lon + shift > previous else 360
        out.append((lon + shift, lat))
        previous = lon + shift
    if abs(out[-1][0] - out[0][0]) > 180:
        pole = -90.0 if sum(lat for _lon, lat in out) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    rings = [out]
    low, high = min(p[0] for p in out), max(p[0] for p in out)
    if low < -180:
        rings.append([(lon + 360, lat) for lon, lat in out])
    if high > 180:
        rings.append([(lon - 360, lat) for lon, lat in out])
    return rings


def polygons(topology: dict, layer: str = "countries") -> Iterator[list[list[int]]]:
    """Every polygon (a list of rings as arc indexes) of the layer."""
    for geometry in topology["objects"][layer]["geometries"]:
        if geometry.get("type") == "Polygon":
            yield geometry["arcs"]
        elif geometry.get("type") == "MultiPolygon":
            yield from geometry["arcs"]


def path_data(rings: list[Ring], step: float = 0.5) -> str:
    """Rings as compact SVG path data: points snapped to `step` degrees, relative moves."""
    parts = []
    for ring in rings:
        snapped = [(round(lon / step), round(-lat / step)) for lon, lat in ring]
        points = [p for i, p in enumerate(snapped) if i == 0 or p != snapped[i - 1]]
        if len(set(points)) < 3:
            continue
        moves = [f"M{_num(points[0][0] * step)} {_num(points[0][1] * step)}"]
        for (x0, y0), (x1, y1) in pairwise(points):
            moves.append(f"l{_num((x1 - x0) * step)} {_num((y1 - y0) * step)}")
        parts.append("".join(moves) + "z")
    return "".join(parts)


def _num(value: float) -> str:
    """A coordinate as short as SVG allows: 0.5 -> .5, -0.5 -> -.5, 3.0 -> 3."""
    text = f"{value:g}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def world_svg(source: Path = WORLD_ATLAS) -> str:
    """The world's country outlines as a small SVG in longitude/latitude coordinates."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    rings = [
        unwrapped
        for polygon in polygons(topology)
        for ring in polygon
        for unwrapped in unwrap(ring_points(ring, arcs))
    ]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-180 -90 360 180" '
        'preserveAspectRatio="none">'
        '<rect x="-180" y="-90" width="360" height="180" fill="#dcecf5"/>'
        f'<path fill="#f4f1e8" stroke="#9aa7b0" stroke-width="0.3" fill-rule="evenodd" '
        f'd="{path_data(rings)}"/></svg>\n'
    )


if __name__ == "__main__":  # pragma: no cover - a build step, run by hand when the data changes
    import django

    django.setup()
    WORLD_SVG.write_text(world_svg(), encoding="utf-8")
