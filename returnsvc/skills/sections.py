"""What differs between the profile's sections for the generic add / edit / delete pages of
skills.views: the model, the forms, the services, the template and the messages."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from returnsvc.skills import credentials, forms, queries, services
from returnsvc.skills.models import (
    CompetencyCertificate,
    LanguageSkill,
    Qualification,
    ReturneeSkill,
    WorkExperience,
    WorkPreference,
)


@dataclass(frozen=True)
class SectionSpec:
    name: str  # endpoint suffix and page anchor: "experience" -> skills.new_experience
    slug: str  # URL part
    audit: str  # audit action stem: profile.<audit>_added
    model: type
    form: type | None = None
    edit_form: type | None = None
    data_method: str = ""  # the form's method giving the service's data
    add: Callable | None = None
    update: Callable | None = None
    template: str = ""
    picker: str | None = None  # "occupation" / "skill": a search-and-choose field
    added: object = None
    deleted: object = None
    title: object = None  # the section's heading, also on the delete page
    single: Callable | None = None  # for one-per-person sections: the case's row

    def data_of(self, form) -> dict:
        return getattr(form, self.data_method)()

    def concept_of(self, item) -> str:
        """The picker key of a stored row (what the radio choice holds)."""
        if isinstance(item, WorkExperience):
            if item.esco_occupation_id is not None:
                return f"occupation:{item.esco_occupation_id}"
            return f"isco:{item.isco_code}"
        if isinstance(item, ReturneeSkill) and item.esco_skill_id is not None:
            return f"skill:{item.esco_skill_id}"
        return ""


SECTIONS = (
    SectionSpec(
        name="experience",
        slug="experience",
        audit="experience",
        model=WorkExperience,
        form=forms.ExperienceForm,
        edit_form=forms.EditExperienceForm,
        data_method="experience_data",
        add=services.add_experience,
        update=services.update_experience,
        template="skills/experience_form.html",
        picker="occupation",
        added=_l("Occupation added to the profile."),
        deleted=_l("Occupation deleted from the profile."),
        title=_l("Work experience"),
    ),
    SectionSpec(
        name="skill",
        slug="skills",
        audit="skill",
        model=ReturneeSkill,
        form=forms.SkillForm,
        edit_form=forms.EditSkillForm,
        data_method="skill_data",
        add=services.add_skill,
        update=services.update_skill,
        template="skills/skill_form.html",
        picker="skill",
        added=_l("Skill added to the profile."),
        deleted=_l("Skill deleted from the profile."),
        title=_l("Skills"),
    ),
    SectionSpec(
        name="qualification",
        slug="qualifications",
        audit="qualification",
        model=Qualification,
        form=forms.QualificationForm,
        edit_form=forms.EditQualificationForm,
        data_method="qualification_data",
        add=credentials.add_qualification,
        update=credentials.update_qualification,
        template="skills/qualification_form.html",
        added=_l("Qualification added to the profile."),
        deleted=_l("Qualification deleted from the profile."),
        title=_l("Qualifications"),
    ),
    SectionSpec(
        name="certificate",
        slug="certificates",
        audit="certificate",
        model=CompetencyCertificate,
        form=forms.CertificateForm,
        edit_form=forms.EditCertificateForm,
        data_method="certificate_data",
        add=credentials.add_certificate,
        update=credentials.update_certificate,
        template="skills/certificate_form.html",
        added=_l("Certificate added to the profile."),
        deleted=_l("Certificate deleted from the profile."),
        title=_l("Competency certificates"),
    ),
    SectionSpec(
        name="language",
        slug="languages",
        audit="language",
        model=LanguageSkill,
        form=forms.LanguageForm,
        edit_form=forms.EditLanguageForm,
        data_method="language_data",
        add=services.add_language,
        update=services.update_language,
        template="skills/language_form.html",
        added=_l("Language added to the profile."),
        deleted=_l("Language deleted from the profile."),
        title=_l("Languages"),
    ),
    SectionSpec(
        name="preferences",
        slug="preferences",
        audit="preferences",
        model=WorkPreference,
        deleted=_l("Work preferences deleted from the profile."),
        title=_l("Work preferences"),
        single=queries.preference_of,
    ),
)

BY_NAME = {spec.name: spec for spec in SECTIONS}


class StoredValues:
    """The stored row as the conflict page reads it, with the picker's fields (which are not
    columns) given as display values."""

    def __init__(self, item, extra: dict):
        self._item = item
        self._extra = extra

    def __getattr__(self, name):
        if name in self._extra:
            return self._extra[name]
        return getattr(self._item, name, None)
