"""A synthetic catalogue for benchmarks and tests: N procedure files, the same for the same seed.

Titles, front matter and bodies read like a ward's real procedures (Vietnamese, NFC), spread
over about 30 fields, with bodies of 600 to 1,000 words, so build times and page weights
measured on it say something about a province's real catalogue.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import urls
from generator.content.procedure import SUMMARY_MAX, split_front_matter

#: libyaml's emitter when present: the pure-Python one dominates generating 5,000 files.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

DEFAULT_SEED = 20261128
BODY_WORDS = (600, 1000)
#: The longest sentence or list item the filler adds; keeps bodies under the upper bound.
_LONGEST_ADDITION = 45

#: Field name, then the things its procedures are about.
FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Hộ tịch", ("khai sinh", "kết hôn", "khai tử", "giám hộ", "nhận cha, mẹ, con")),
    ("Chứng thực", ("bản sao từ bản chính", "chữ ký", "hợp đồng, giao dịch", "di chúc")),
    ("Cư trú", ("thường trú", "tạm trú", "lưu trú", "tạm vắng", "nơi ở hiện tại")),
    ("Đất đai", ("quyền sử dụng đất", "biến động đất đai", "mục đích sử dụng đất", "thửa đất")),
    ("Xây dựng", ("giấy phép xây dựng", "sửa chữa nhà ở", "công trình tạm", "hiện trạng nhà")),
    ("Nhà ở", ("nhà ở xã hội", "thuê nhà ở công vụ", "hỗ trợ nhà ở", "sở hữu nhà ở")),
    ("Bảo trợ xã hội", ("trợ cấp xã hội hằng tháng", "hỗ trợ mai táng", "chăm sóc nuôi dưỡng")),
    ("Người có công", ("trợ cấp ưu đãi", "thờ cúng liệt sĩ", "điều dưỡng phục hồi sức khỏe")),
    ("Lao động – việc làm", ("hợp đồng lao động", "trợ cấp thất nghiệp", "học nghề")),
    ("Giáo dục", ("chuyển trường", "miễn giảm học phí", "hỗ trợ chi phí học tập")),
    ("Y tế", ("khám sức khỏe", "tiêm chủng", "cấp cứu ban đầu", "chăm sóc sức khỏe ban đầu")),
    ("Bảo hiểm y tế", ("thẻ bảo hiểm y tế", "hộ gia đình tham gia bảo hiểm", "mức hưởng")),
    ("Văn hóa", ("lễ hội truyền thống", "biểu diễn nghệ thuật", "gia đình văn hóa")),
    ("Thể thao", ("câu lạc bộ thể thao cơ sở", "giải thể thao quần chúng", "sân tập")),
    ("Du lịch", ("cơ sở lưu trú du lịch", "điểm du lịch", "hướng dẫn viên tại điểm")),
    ("Nông nghiệp", ("trang trại", "hỗ trợ giống cây trồng", "kinh tế hộ", "thiệt hại thiên tai")),
    ("Thủy lợi", ("công trình thủy lợi nhỏ", "khai thác nước mặt", "phòng chống lụt bão")),
    ("Lâm nghiệp", ("khai thác gỗ rừng trồng", "giao rừng", "trồng cây phân tán")),
    ("Môi trường", ("kế hoạch bảo vệ môi trường", "thu gom chất thải", "vệ sinh môi trường")),
    ("Tài nguyên nước", ("giếng khoan", "xả nước thải nhỏ", "sử dụng nước sinh hoạt")),
    ("Khiếu nại – tố cáo", ("khiếu nại lần đầu", "tố cáo", "kiến nghị, phản ánh")),
    ("Tiếp công dân", ("lịch tiếp công dân", "đơn thư", "đối thoại trực tiếp")),
    ("Hòa giải ở cơ sở", ("tổ hòa giải", "hòa giải viên", "thù lao hòa giải viên")),
    ("Nuôi con nuôi", ("nuôi con nuôi trong nước", "con nuôi thực tế", "chấm dứt nuôi con nuôi")),
    (
        "Thi đua – khen thưởng",
        ("giấy khen", "danh hiệu lao động tiên tiến", "khen thưởng đột xuất"),
    ),
    ("Tôn giáo", ("sinh hoạt tôn giáo tập trung", "lễ hội tín ngưỡng", "quyên góp")),
    ("Hộ kinh doanh", ("đăng ký hộ kinh doanh", "tạm ngừng kinh doanh", "chấm dứt hộ kinh doanh")),
    ("Hợp tác xã", ("tổ hợp tác", "hợp tác xã", "chi nhánh hợp tác xã")),
    ("Giao thông", ("đấu nối đường", "tạm sử dụng lòng đường", "biển hiệu ven đường")),
    ("Phòng cháy chữa cháy", ("phương án chữa cháy", "đội phòng cháy dân phòng", "an toàn cháy")),
    ("Trẻ em", ("can thiệp trẻ em", "trẻ em có hoàn cảnh đặc biệt", "chăm sóc thay thế")),
)

ACTIONS = (
    "Đăng ký",
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Điều chỉnh",
    "Gia hạn",
    "Xác nhận",
    "Thay đổi, cải chính",
    "Công nhận",
    "Chấm dứt",
    "Hỗ trợ",
    "Giải quyết",
    "Thông báo",
    "Xóa đăng ký",
)

QUALIFIERS = (
    "",
    "",
    "",
    "lần đầu",
    "có yếu tố nước ngoài",
    "cho người khuyết tật",
    "trường hợp bị mất, hư hỏng",
    "cho người cao tuổi",
    "theo yêu cầu của cơ quan có thẩm quyền",
    "kết hợp nhiều thủ tục liên thông",
    "trực tuyến toàn trình",
    "tại nơi cư trú",
    "cho hộ nghèo, hộ cận nghèo",
    "khi thay đổi nơi làm việc",
)

AGENCIES = (
    "Bộ phận một cửa, Ủy ban nhân dân phường",
    "Công chức tư pháp – hộ tịch, Ủy ban nhân dân phường",
    "Công an phường",
    "Công chức văn hóa – xã hội, Ủy ban nhân dân phường",
    "Công chức địa chính – xây dựng, Ủy ban nhân dân phường",
    "Bộ phận tiếp nhận và trả kết quả, Ủy ban nhân dân phường",
)

TIMES = (
    "Ngay trong ngày",
    "Ngay trong ngày; nộp sau 15 giờ thì trả vào ngày làm việc tiếp theo",
    "03 ngày làm việc",
    "05 ngày làm việc",
    "07 ngày làm việc",
    "10 ngày làm việc kể từ ngày nhận đủ hồ sơ",
    "15 ngày",
    "20 ngày làm việc; có thể kéo dài nếu phải xác minh",
)

FEES = (
    "Miễn lệ phí",
    "Không thu phí",
    "8.000 đồng/bản",
    "10.000 đồng/trường hợp",
    "15.000 đồng; nộp trực tuyến 7.000 đồng",
    "20.000 đồng; nộp trực tuyến 10.000 đồng",
    "2.000 đồng/trang; từ trang thứ 3 trở đi 1.000 đồng/trang",
    "50.000 đồng/hồ sơ",
)

DOCUMENTS = (
    "Tờ khai theo mẫu",
    "Đơn đề nghị (theo mẫu)",
    "Giấy tờ tùy thân có ảnh (thẻ căn cước hoặc hộ chiếu)",
    "Văn bản ủy quyền, nếu nộp thay người khác",
    "Bản sao giấy tờ chứng minh nơi cư trú",
    "Giấy xác nhận của cơ quan, tổ chức nơi làm việc",
    "Bản chính giấy tờ cần đối chiếu",
    "Biên bản hoặc văn bản liên quan đến việc đề nghị",
    "Ảnh 4x6 chụp trong thời gian 6 tháng gần nhất",
    "Sổ hộ khẩu hoặc giấy xác nhận thông tin cư trú (nếu có)",
    "Giấy chứng nhận đã cấp trước đây (nếu có)",
    "Bản vẽ, sơ đồ vị trí (với công trình, thửa đất)",
)

LAWS = (
    "Luật Hộ tịch số 60/2014/QH13",
    "Nghị định 123/2015/NĐ-CP",
    "Nghị định 23/2015/NĐ-CP về chứng thực",
    "Luật Cư trú năm 2020",
    "Thông tư 66/2023/TT-BCA",
    "Thông tư 226/2016/TT-BTC",
    "Thông tư 75/2022/TT-BTC",
    "Luật Đất đai năm 2024",
    "Luật Xây dựng năm 2014, sửa đổi năm 2020",
    "Nghị định 20/2021/NĐ-CP về chính sách trợ giúp xã hội",
    "Luật Khiếu nại năm 2011",
    "Luật Hòa giải ở cơ sở năm 2013",
    "Nghị định 63/2024/NĐ-CP về liên thông thủ tục",
)

PEOPLE = (
    "Người dân",
    "Người yêu cầu",
    "Chủ hộ",
    "Người được ủy quyền",
    "Cha, mẹ hoặc người giám hộ",
    "Người cao tuổi",
    "Người lao động",
    "Hộ gia đình",
)

PLACES = (
    "tại bộ phận một cửa của Ủy ban nhân dân phường",
    "trên Cổng Dịch vụ công quốc gia",
    "qua ứng dụng VNeID",
    "qua dịch vụ bưu chính công ích",
    "tại trụ sở tổ dân phố vào buổi họp định kỳ",
)

#: Sentence patterns; slots are filled from the procedure and from the lists above.
SENTENCES = (
    "{who} cần chuẩn bị đầy đủ giấy tờ trước khi đến nộp hồ sơ {place}, "
    "để không phải đi lại nhiều lần.",
    "Cán bộ tiếp nhận kiểm tra hồ sơ {what}; nếu thiếu giấy tờ, cán bộ hướng dẫn bổ sung "
    "một lần bằng phiếu hướng dẫn ghi rõ những gì còn thiếu.",
    "Thời hạn giải quyết là {time}, tính từ khi bộ phận một cửa nhận đủ hồ sơ hợp lệ.",
    "Lệ phí của thủ tục này: {fee}. Người thuộc diện chính sách có thể được miễn hoặc giảm.",
    "Bạn có thể nộp hồ sơ {place} rồi theo dõi tình trạng xử lý bằng mã hồ sơ trên phiếu hẹn.",
    "Nếu hồ sơ cần xác minh thêm, cơ quan giải quyết thông báo bằng văn bản và nêu rõ lý do "
    "kéo dài thời hạn.",
    "{who} nên mang theo bản chính để cán bộ đối chiếu, tránh phải chứng thực bản sao "
    "trước khi nộp.",
    "Khi nhận kết quả, hãy kiểm tra kỹ họ tên, ngày tháng và các thông tin khác; nếu có sai "
    "sót, đề nghị sửa ngay tại chỗ.",
    "Kết quả được trả {place} hoặc gửi về địa chỉ bạn đăng ký, tùy theo lựa chọn khi nộp hồ sơ.",
    "Trường hợp không đủ điều kiện giải quyết {what}, cơ quan có thẩm quyền trả lời bằng văn "
    "bản và nêu rõ lý do.",
    "Thủ tục {what} thuộc lĩnh vực {field}; một số việc có thể làm liên thông với thủ tục khác "
    "để giảm số lần đi lại.",
    "Người nộp hồ sơ trực tuyến cần có tài khoản định danh điện tử mức độ 2 và ký số hoặc xác "
    "thực theo hướng dẫn trên cổng.",
    "Nếu ủy quyền cho người khác nộp thay, văn bản ủy quyền phải ghi rõ phạm vi và thời hạn "
    "ủy quyền.",
    "Mẫu tờ khai có sẵn tại bộ phận một cửa và trên Cổng Dịch vụ công; bạn có thể điền trước "
    "ở nhà cho nhanh.",
    "Đối với người cao tuổi, người khuyết tật hoặc phụ nữ có thai, cán bộ ưu tiên tiếp nhận "
    "trước theo quy định.",
    "Trong thời gian chờ kết quả, nếu có thay đổi thông tin liên lạc, bạn hãy báo ngay cho "
    "bộ phận một cửa.",
    "{who} chịu trách nhiệm về tính chính xác của thông tin đã khai; khai sai có thể bị xử "
    "phạt hành chính.",
    "Ủy ban nhân dân phường niêm yết công khai thủ tục {what} tại trụ sở và trên trang thông "
    "tin điện tử.",
    "Khi có vướng mắc, bạn có thể gọi đường dây nóng của phường hoặc gửi phản ánh qua Cổng "
    "Dịch vụ công quốc gia.",
    "Hồ sơ nộp trực tuyến được xử lý như hồ sơ giấy và có giá trị pháp lý như nhau.",
)

STEPS = (
    "Chuẩn bị hồ sơ theo danh sách giấy tờ ở trên; điền tờ khai {what} theo mẫu.",
    "Nộp hồ sơ {place}; cán bộ kiểm tra và ghi phiếu hẹn trả kết quả.",
    "Nộp lệ phí (nếu có) và giữ lại biên lai để đối chiếu khi nhận kết quả.",
    "Cán bộ chuyên môn thẩm định hồ sơ, xác minh khi cần và trình lãnh đạo phường ký.",
    "Nhận kết quả {place} theo ngày hẹn; mang theo phiếu hẹn và giấy tờ tùy thân.",
    "Nếu được yêu cầu, bổ sung giấy tờ trong thời hạn ghi trong phiếu hướng dẫn.",
)


@dataclass(frozen=True)
class CorpusFile:
    """One generated procedure: its file name under `procedures/`, its text and its field."""

    name: str
    text: str
    field: str
    code: str


def field_names() -> list[str]:
    return [name for name, _ in FIELDS]


def _words(text: str) -> int:
    return len(text.split())


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format(**slots)


def _body(rng: random.Random, slots: dict[str, str], documents: list[str], target: int) -> str:
    """Sections in the order residents read them, filled with sentences up to `target` words."""
    deck: list[str] = []

    def sentence() -> str:
        # Deal from a shuffled deck so a page repeats a sentence only after using them all.
        if not deck:
            deck.extend(rng.sample(SENTENCES, len(SENTENCES)))
        return _fill(deck.pop(), slots)

    intro = [sentence() for _ in range(2)]
    steps = [_fill(step, slots) for step in STEPS[: rng.randint(4, len(STEPS))]]
    notes = [sentence() for _ in range(3)]
    law = rng.sample(LAWS, 2)
    conditions = [sentence() for _ in range(2)]

    def render() -> str:
        parts = [
            "## Ai cần làm thủ tục này\n\n" + " ".join(intro),
            "## Điều kiện\n\n" + " ".join(conditions),
            "## Các bước thực hiện\n\n"
            + "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1)),
            "## Thời hạn và lệ phí\n\n"
            "| Nội dung | Chi tiết |\n|---|---|\n"
            f"| Thời hạn | {slots['time']} |\n| Lệ phí | {slots['fee']} |\n"
            f"| Số bộ hồ sơ | {len(documents)} loại giấy tờ, 01 bộ |",
            "## Lưu ý\n\n" + "\n".join(f"- {note}" for note in notes),
            '!!! tip "Mẹo"\n\n    Hỏi cán bộ một cửa nếu bạn chưa chắc mình cần giấy tờ nào.',
            "## Căn cứ pháp lý\n\n" + "\n".join(f"- {item}." for item in law),
        ]
        return "\n\n".join(parts) + "\n"

    sections = (intro, conditions, notes)
    words = _words(render())
    while words < target:
        added = sentence()
        rng.choice(sections).append(added)
        words += _words(added)
    return render()


def _short_body(rng: random.Random, slots: dict[str, str]) -> str:
    """What many real procedure files hold: a sentence and the steps, about 60 words; here the
    fixed costs (QR codes, posters, packs, indexes) weigh more against MkDocs's own work."""
    steps = [_fill(step, slots) for step in STEPS[: rng.randint(3, 4)]]
    intro = _fill(rng.choice(SENTENCES), slots)
    listed = "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))
    return f"{intro}\n\n## Các bước thực hiện\n\n{listed}\n"


def _front_matter(meta: dict[str, object]) -> str:
    front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n"


def _title(rng: random.Random, subjects: tuple[str, ...]) -> str:
    action = rng.choice(ACTIONS)
    qualifier = rng.choice(QUALIFIERS)
    title = f"{action} {rng.choice(subjects)}"
    return f"{title} {qualifier}" if qualifier and qualifier not in title else title


def generate(n: int, seed: int = DEFAULT_SEED, *, short: bool = False) -> list[CorpusFile]:
    """N procedures with unique codes and file names; the same seed gives the same files.
    `short`: bodies of a sentence and the steps instead of 600–1,000 words."""
    rng = random.Random(seed)
    files: list[CorpusFile] = []
    slugs: set[str] = set()
    low, high = BODY_WORDS
    for index in range(n):
        field, subjects = FIELDS[index % len(FIELDS)] if index < len(FIELDS) else rng.choice(FIELDS)
        title = _title(rng, subjects)
        base = urls.slug(title)[:70].rstrip("-")
        slug = base
        suffix = 2
        while slug in slugs:
            slug = f"{base}-{suffix}"
            suffix += 1
        slugs.add(slug)
        code = f"{rng.choice((1, 2))}.{100000 + index:06d}"
        if rng.random() < 0.1:
            code += ".000.00.00.H55"
        time, fee = rng.choice(TIMES), rng.choice(FEES)
        documents = rng.sample(DOCUMENTS, rng.randint(2, 6))
        slots = {
            "who": rng.choice(PEOPLE),
            "place": rng.choice(PLACES),
            "what": title[0].lower() + title[1:],
            "field": field.lower(),
            "time": time.lower(),
            "fee": fee.lower(),
        }
        meta: dict[str, object] = {
            "code": code,
            "title": title,
            "summary": f"Hướng dẫn {slots['what']}: giấy tờ cần mang, các bước, thời hạn "
            f"({slots['time']}) và lệ phí.",
            "field": field,
            "agency": rng.choice(AGENCIES),
            "processing_time": time,
            "fee": fee,
            "documents": documents,
            "updated": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700)),
        }
        if rng.random() < 0.6:
            meta["online_url"] = "https://dichvucong.gov.vn/"
        if rng.random() < 0.7:
            meta["keywords"] = rng.sample(
                [s for s in subjects if s not in title.lower()] or [field], 1
            )
        target = rng.randint(low + 5, high - _LONGEST_ADDITION)
        body = _short_body(rng, slots) if short else _body(rng, slots, documents, target)
        front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        text = unicodedata.normalize("NFC", f"---\n{front}---\n\n{body}")
        files.append(CorpusFile(name=f"{slug}.md", text=text, field=field, code=code))
    return files


HOME = """\
# Thủ tục hành chính tại phường

Chọn lĩnh vực bên dưới, hoặc quét mã QR trên áp phích để mở thẳng hướng dẫn từng thủ tục.
"""


def write(content_dir: Path, files: list[CorpusFile]) -> None:
    """Write a content folder (home page and procedures) the way an editor would keep it."""
    folder = content_dir / "procedures"
    folder.mkdir(parents=True, exist_ok=True)
    (content_dir / "index.md").write_text(HOME, encoding="utf-8")
    for item in files:
        (folder / item.name).write_text(item.text, encoding="utf-8")


def edit(path: Path, stamp: str) -> None:
    """A typical editor's change: a reworded summary and a new note at the end of the body."""
    parts = split_front_matter(path.read_text(encoding="utf-8"))
    assert parts is not None, f"{path} has no front matter"
    front, body, _ = parts
    meta = yaml.safe_load(front)
    meta["summary"] = f"(Cập nhật lần {stamp}) {meta['summary']}"[:SUMMARY_MAX]
    body += f"\n- Thông tin được rà soát lại lần {stamp}.\n"
    path.write_text(_front_matter(meta) + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m bench.corpus",
        description="Write a synthetic content folder of N procedures (same seed, same files).",
    )
    parser.add_argument("out", type=Path, help="content folder to write, e.g. /tmp/content")
    parser.add_argument("--n", type=int, default=1000, help="how many procedures (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    write(args.out, generate(args.n, args.seed))
    print(f"{args.n} procedures in {args.out / 'procedures'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
