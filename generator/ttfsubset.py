"""reportlab's TrueType subsetting, byte for byte, without re-reading the font per document.

Every poster PDF embeds a subset of Roboto Regular and of Roboto Bold, and reportlab's
`TTFontFile.makeSubset` walks the glyph table with `seek`/`read_ushort` calls and pads and
patches every glyph again for each one: 0.42 ms a font, a sixth of drawing a poster.
`SubsetFace` gives the same bytes (tests/test_poster.py holds it to reportlab's own) in
0.15 ms, from what it reads once per font: each glyph's padded bytes, and for composite
glyphs where their components' indices sit.
"""

from __future__ import annotations

from functools import cached_property
from itertools import accumulate, pairwise
from struct import pack, pack_into, unpack_from

from reportlab.pdfbase.ttfonts import (
    GF_ARG_1_AND_2_ARE_WORDS,
    GF_MORE_COMPONENTS,
    GF_WE_HAVE_A_SCALE,
    GF_WE_HAVE_A_TWO_BY_TWO,
    GF_WE_HAVE_AN_X_AND_Y_SCALE,
    TTFont,
    TTFontFace,
    TTFontMaker,
)

#: Tables reportlab copies into a subset unchanged (the last three are optional).
COPIED_TABLES = ("name", "OS/2", "cvt ", "fpgm", "prep")


class SubsetFace(TTFontFace):
    """A `TTFontFace` whose `makeSubset` works from tables and glyph facts read once."""

    @cached_property
    def _copied(self) -> list[tuple[str, bytes]]:
        return [(tag, self.get_table(tag)) for tag in COPIED_TABLES if tag in self.table]

    @cached_property
    def _post(self) -> bytes:
        return b"\x00\x03\x00\x00" + self.get_table("post")[4:16] + b"\x00" * 16

    @cached_property
    def _glyphs(self) -> list[bytes]:
        """Every glyph's bytes, zero-padded to 4 bytes as the subset's `glyf` stores it."""
        glyf, positions = self.get_table("glyf"), self.glyphPos
        return [
            glyf[start:end] + b"\0" * (-(end - start) % 4) for start, end in pairwise(positions)
        ]

    @cached_property
    def _composites(self) -> dict[int, tuple[tuple[int, int], ...]]:
        """Per composite glyph: (offset of a component's glyph index, that index), in order."""
        composites = {}
        for glyph, data in enumerate(self._glyphs):
            if len(data) <= 2 or unpack_from(">h", data)[0] >= 0:
                continue
            parts, offset, flags = [], 10, GF_MORE_COMPONENTS
            while flags & GF_MORE_COMPONENTS:
                flags, index = unpack_from(">HH", data, offset)
                parts.append((offset + 2, index))
                offset += 8 if flags & GF_ARG_1_AND_2_ARE_WORDS else 6
                if flags & GF_WE_HAVE_A_SCALE:
                    offset += 2
                elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
                    offset += 4
                elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
                    offset += 8
            composites[glyph] = tuple(parts)
        return composites

    @cached_property
    def _metrics(self) -> list[tuple[int, int]]:
        return [(int(advance), int(bearing)) for advance, bearing in self.hmetrics]

    def makeSubset(self, subset: list[int]) -> bytes:
        """The bytes of `TTFontFile.makeSubset(subset)`, step for step."""
        char_to_glyph, composites = self.charToGlyph, self._composites
        glyph_map = [0]  # new glyph index -> old
        glyph_set = {0: 0}  # old -> new
        code_to_glyph = {}
        for code in subset:
            original = char_to_glyph.get(code, 0)
            new = glyph_set.get(original)
            if new is None:
                new = glyph_set[original] = len(glyph_map)
                glyph_map.append(original)
            code_to_glyph[code] = new
        for original in glyph_map:  # grows as it goes: components of composites join too
            for _, part in composites.get(original, ()):
                if part not in glyph_set:
                    glyph_set[part] = len(glyph_map)
                    glyph_map.append(part)

        output = TTFontMaker()
        for tag, data in self._copied:
            output.add(tag, data)
        output.add("post", self._post)

        metrics = self._metrics
        hmtx = [value for original in glyph_map for value in metrics[original]]
        n = len(hmtx) - 2
        while n and hmtx[n] == hmtx[n - 2]:
            n -= 2
        n += 2
        hmtx = hmtx[:n] + hmtx[n + 1 :: 2]
        output.add("hmtx", pack(f">{len(hmtx)}H", *hmtx))
        output.add("hhea", _with_ushort(self.get_table("hhea"), 34, n >> 1))
        output.add("maxp", _with_ushort(self.get_table("maxp"), 4, len(glyph_map)))

        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset)]
        cmap += map(code_to_glyph.get, subset)
        output.add("cmap", pack(f">{len(cmap)}H", *cmap))

        glyphs = self._glyphs
        chunks = [glyphs[original] for original in glyph_map]
        for index, original in enumerate(glyph_map):
            parts = composites.get(original)
            if parts:  # point the components at their new indices
                patched = bytearray(chunks[index])
                for offset, part in parts:
                    pack_into(">H", patched, offset, glyph_set[part])
                chunks[index] = bytes(patched)
        offsets = [0, *accumulate(map(len, chunks))]
        output.add("glyf", b"".join(chunks))
        if (offsets[-1] + 1) >> 1 > 0xFFFF:
            location_format = 1
            output.add("loca", pack(f">{len(offsets)}L", *offsets))
        else:
            location_format = 0
            output.add("loca", pack(f">{len(offsets)}H", *[o >> 1 for o in offsets]))
        output.add("head", _with_ushort(self.get_table("head"), 50, location_format))
        return output.makeStream()


def _with_ushort(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + pack(">H", value) + data[offset + 2 :]


def with_fast_subsets(font: TTFont) -> TTFont:
    """The same font, its face now a `SubsetFace`: same data, only `makeSubset` differs."""
    font.face.__class__ = SubsetFace
    return font
