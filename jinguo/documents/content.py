"""An official document as plain data: what the renderers lay out, whoever wrote it (a plan's notice,
a bulletin, a decision). Texts are as printed; the renderers add only the standard's punctuation
(the addressees' colon, 附件：, 抄送：, 印发)."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    """A structure heading with its ordinal as printed ("一、指导思想", "（1）建设学习型领导班子。").

    Levels 1–4 are 一、 / （一） / 1. / （1）. `text_after` continues on the same line in the body face,
    as when a heading opens its paragraph."""

    level: int
    text: str
    text_after: str = ""

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3, 4):
            raise ValueError(f"heading level must be 1–4, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    """A ruled table (名单, 一览表), set in 4号; `widths` are relative column widths, `centered` the
    indexes of columns set centred (序号)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    centered: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if any(len(row) != len(self.columns) for row in self.rows):
            raise ValueError("every row must have one cell per column")
        if self.widths and len(self.widths) != len(self.columns):
            raise ValueError("give one width per column, or none")

    @property
    def relative_widths(self) -> tuple[float, ...]:
        widths = self.widths or (1.0,) * len(self.columns)
        total = sum(widths)
        return tuple(width / total for width in widths)


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Attachment:
    """An attachment printed after the main text, from a new page, under its label (附件1).
    A line break in the title says where a long title turns (the renderers keep it)."""

    title: str
    blocks: tuple[Block, ...]

    @property
    def name(self) -> str:
        """The title on one line, as the 附件说明 names it."""
        return "".join(self.title.splitlines())


@dataclass(frozen=True)
class OfficialDocument:
    issuer_mark: str  # 发文机关标志: 泉州市妇女联合会文件
    doc_number: str  # 发文字号: 泉妇〔2012〕39号
    title: str  # a line break says where a long title turns
    addressees: str  # 主送机关, without the closing colon
    body: tuple[Block, ...]
    signature_unit: str  # 发文机关署名
    signature_date: datetime.date  # 成文日期
    attachments: tuple[Attachment, ...] = ()
    cc: str = ""  # 抄送机关, as printed (the separators vary: 省妇联，市委常委、组织部部长…)
    printed_by: str = ""  # 印发机关
    printed_on: datetime.date | None = None  # 印发日期

    @property
    def attachment_labels(self) -> tuple[str, ...]:
        """附件 alone for a single attachment, 附件1, 附件2 … for several (the standard's rule)."""
        if len(self.attachments) == 1:
            return ("附件",)
        return tuple(f"附件{number}" for number in range(1, len(self.attachments) + 1))

    @property
    def attachment_notes(self) -> tuple[str, ...]:
        """The 附件说明 lines' names: numbered 1. 2. … when there are several."""
        if len(self.attachments) == 1:
            return (self.attachments[0].name,)
        return tuple(f"{number}.{item.name}" for number, item in enumerate(self.attachments, start=1))

    @property
    def cc_line(self) -> str:
        """The addressees of copies, ending with the full stop the standard asks for."""
        text = self.cc.strip().rstrip("。，、；")
        return f"{text}。" if text else ""

    @property
    def has_imprint(self) -> bool:
        return bool(self.cc or self.printed_by or self.printed_on)
