"""A framework's texts as a typed, frozen value, so a round can keep the texts it was answered
against. Stored as plain JSON on the round (`to_json`); read back with `from_json`.

A stored snapshot holds every language: the Dutch texts at the top (as before there were
two languages, so older snapshots read the same), and each other language's complete texts
under "translations" (English falling back to Dutch where a text was left empty)."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils import translation

from .models import Bouwsteen, Framework

TRANSLATIONS_KEY = "translations"


@dataclass(frozen=True)
class FrameworkText:
    slug: str
    name: str
    version: str
    intro: str


@dataclass(frozen=True)
class AxisText:
    """A niveau or a rol of the model."""

    id: int
    code: str
    name: str
    description: str


@dataclass(frozen=True)
class ScaleStep:
    value: int
    label: str
    meaning: str


@dataclass(frozen=True)
class BouwsteenText:
    id: int
    number: int
    title: str
    short_title: str
    description: str
    niveau: str  # the niveau's code
    rol: str  # the rol's code
    questions: tuple[str, ...]

    @property
    def name(self) -> str:
        """How reports and lists name it: "3. Samenwerking"."""
        return f"{self.number}. {self.short_title}"


@dataclass(frozen=True)
class ModelTexts:
    """Everything a round shows of its model, in display order."""

    framework: FrameworkText
    niveaus: tuple[AxisText, ...]
    rollen: tuple[AxisText, ...]
    scale: tuple[ScaleStep, ...]
    bouwstenen: tuple[BouwsteenText, ...]

    @classmethod
    def from_json(cls, data: dict, language: str | None = None) -> "ModelTexts":
        """The texts in `language` (default: the active one) of a stored snapshot; the Dutch
        texts where the snapshot has none in that language (one stored before English)."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        data = data.get(TRANSLATIONS_KEY, {}).get(language, data)
        return cls(
            framework=FrameworkText(**data["framework"]),
            niveaus=tuple(AxisText(**item) for item in data["niveaus"]),
            rollen=tuple(AxisText(**item) for item in data["rollen"]),
            scale=tuple(ScaleStep(**item) for item in data["scale"]),
            bouwstenen=tuple(
                BouwsteenText(**{**item, "questions": tuple(item["questions"])})
                for item in data["bouwstenen"]
            ),
        )

    def to_json(self) -> dict:
        """Plain JSON-ready dicts and lists, as stored in Round.snapshot."""
        data = asdict(self)
        for item in data["bouwstenen"]:
            item["questions"] = list(item["questions"])
        for key in ("niveaus", "rollen", "scale", "bouwstenen"):
            data[key] = list(data[key])
        return data

    def bouwstenen_of(self, niveau_code: str | None = None) -> list[BouwsteenText]:
        """The bouwstenen of one niveau, or all of them."""
        return [item for item in self.bouwstenen if niveau_code in (None, item.niveau)]

    def rol_codes(self) -> dict[int, str]:
        """Rol id -> code as in these texts, so renaming a code later changes nothing."""
        return {rol.id: rol.code for rol in self.rollen}

    def scale_by_value(self) -> dict[int, ScaleStep]:
        return {step.value: step for step in self.scale}


def framework_texts(framework: Framework, language: str | None = None) -> ModelTexts:
    """The framework's current texts in `language` (default: the active one). Four queries."""
    return _texts_by_language(framework, [language or translation.get_language()])[0]


def framework_snapshot(framework: Framework) -> dict:
    """The framework's current texts in every language as JSON, to store on a round that
    opens (four queries)."""
    default, *others = [code for code, _name in settings.LANGUAGES]
    texts = _texts_by_language(framework, [default, *others])
    return texts[0].to_json() | {
        TRANSLATIONS_KEY: {
            language: item.to_json() for language, item in zip(others, texts[1:], strict=True)
        }
    }


def _texts_by_language(framework: Framework, languages: list[str]) -> list[ModelTexts]:
    """The texts in each of `languages`, from one read of the framework's records."""
    niveaus = list(framework.niveau_set.order_by("order"))
    rollen = list(framework.rol_set.order_by("order"))
    steps = list(framework.scale.order_by("value"))
    bouwstenen = Bouwsteen.objects.filter(framework=framework).with_grid()
    codes_by_niveau = {niveau.pk: niveau.code for niveau in niveaus}
    codes_by_rol = {rol.pk: rol.code for rol in rollen}
    bouwstenen = list(bouwstenen)
    result = []
    for language in languages:
        # The translated fields read the active language (falling back to Dutch).
        with translation.override(language):
            result.append(
                _texts(framework, niveaus, rollen, steps, bouwstenen, codes_by_niveau, codes_by_rol)
            )
    return result


def _texts(framework, niveaus, rollen, steps, bouwstenen, codes_by_niveau, codes_by_rol):
    return ModelTexts(
        framework=FrameworkText(
            slug=framework.slug,
            name=framework.name,
            version=framework.version,
            intro=framework.intro,
        ),
        niveaus=tuple(_axis(niveau) for niveau in niveaus),
        rollen=tuple(_axis(rol) for rol in rollen),
        scale=tuple(
            ScaleStep(value=step.value, label=step.label, meaning=step.meaning) for step in steps
        ),
        bouwstenen=tuple(
            BouwsteenText(
                id=bouwsteen.pk,
                number=bouwsteen.number,
                title=bouwsteen.title,
                short_title=bouwsteen.short_title,
                description=bouwsteen.description,
                niveau=codes_by_niveau[bouwsteen.niveau_id],
                rol=codes_by_rol[bouwsteen.rol_id],
                questions=tuple(question.text for question in bouwsteen.questions.all()),
            )
            for bouwsteen in bouwstenen
        ),
    )


def _axis(item) -> AxisText:
    return AxisText(id=item.pk, code=item.code, name=item.name, description=item.description)
