"""Small display helpers of the guide pages, in Python rather than Jinja macros: a list page
calls them about 15 times per row, and a macro call costs several times a function call.

`fallback_text` marks text shown in the other language than the page's: it carries its own
`lang`; editors (MANAGE_GUIDES) see "not yet translated", visitors a discreet "(in English)".
A guide page shows each entry's regions, money and labels twice (its overview row and its
details): `regions`, `money_range` and `label` keep what they built for the page.
"""

from flask_babel import gettext as _
from markupsafe import Markup, escape

from returnsvc.core.languages import LOCALES, language_name
from returnsvc.core.money import format_money
from returnsvc.core.regions import region_name
from returnsvc.programmes.services import contact_kind


class Display:
    """The helpers bound to one page: its locale and whether the reader edits guides."""

    def __init__(self, locale: str, is_editor: bool):
        self.locale = locale
        if is_editor:
            marker = _("not yet translated")
            self._notes = {
                code: Markup(' <span class="badge badge-warning not-translated">%s</span>') % marker
                for code in LOCALES
            }
        else:
            self._notes = {
                code: Markup(' <span class="muted fallback-note">(%s)</span>') % self._in(code)
                for code in LOCALES
            }
        self._nationwide = _("Nationwide")
        self._not_stated = _("not stated")
        self._built: dict = {}

    def _in(self, code: str) -> str:
        """ "in English", "en inglés": the language a text is in, inside a sentence."""
        return _("in %(language)s", language=language_name(code, self.locale, capitalise=False))

    def tx(self, value, text_locale, block: bool = False) -> Markup:
        """`value`, marked when it is in the other language."""
        tag = "div" if block else "span"
        if text_locale and text_locale != self.locale:
            return Markup('<%s lang="%s">%s</%s>%s') % (
                tag,
                text_locale,
                value or "",
                tag,
                self._notes.get(text_locale, ""),
            )
        return Markup("<div>%s</div>") % (value or "") if block else escape(value or "")

    def labelled(self, pair, fallback: str = "") -> Markup:
        """A (label, its locale) pair from the taxonomy lookups."""
        return self.tx(*pair) if pair else escape(fallback)

    def money_range(self, low, high, currency: str) -> Markup:
        key = ("money", low, high, currency)
        if key not in self._built:
            self._built[key] = self._money_range(low, high, currency)
        return self._built[key]

    def _money_range(self, low, high, currency: str) -> Markup:
        if low is not None and high is not None:
            low_text = format_money(low, currency, self.locale)
            return escape(f"{low_text} – {format_money(high, currency, self.locale)}")
        if low is not None:
            return escape(_("from %(amount)s", amount=format_money(low, currency, self.locale)))
        if high is not None:
            return escape(_("up to %(amount)s", amount=format_money(high, currency, self.locale)))
        return Markup('<span class="muted">%s</span>') % self._not_stated

    def regions(self, codes) -> str:
        if not codes:
            return self._nationwide
        key = ("regions", *codes)
        if key not in self._built:
            self._built[key] = ", ".join(region_name(code) for code in codes)
        return self._built[key]

    def label(self, member) -> Markup:
        """An enum member's translated label (sector, demand, risk...), escaped once a page."""
        key = (type(member), member)  # str enums: DemandLevel.HIGH == RiskLevel.HIGH == "high"
        if key not in self._built:
            self._built[key] = escape(member.label)
        return self._built[key]

    @staticmethod
    def contact(value) -> Markup:
        """A programme's contact as a link when it is a web address (http, https), an e-mail
        address or a phone number (programmes.services.contact_kind, the rule its form
        applies); anything else (older or imported text) stays text."""
        value = (value or "").strip()
        kind = contact_kind(value)
        if kind == "url":
            return Markup('<a href="%s" rel="noopener noreferrer">%s</a>') % (value, value)
        if kind == "email":
            return Markup('<a href="mailto:%s">%s</a>') % (value, value)
        if kind == "phone":
            return Markup('<a href="tel:%s">%s</a>') % (value.replace(" ", ""), value)
        return escape(value)
