"""What each score component is called and means, in the reader's language: the weights page's
form labels and the help page's plain-words explanations share these."""

from returnsvc.core.i18n import lazy_text as _l

KIND_LABELS = {
    "demand": _l("Jobs in demand"),
    "opportunity": _l("Business opportunities"),
}

COMPONENT_LABELS = {
    "occupation": _l("Occupation"),
    "skills": _l("Skills"),
    "experience": _l("Experience"),
    "education": _l("Education"),
    "certifications": _l("Certifications"),
    "region": _l("Region"),
    "demand_level": _l("Demand level"),
    "recognition": _l("Recognition of qualifications"),
    "capital": _l("Capital"),
    "training": _l("Entrepreneurship training"),
}

# (kind, component) -> what earns its points, in plain words.
EXPLANATIONS = {
    ("demand", "occupation"): _l(
        "How close the person's trade is to the job. The same occupation earns all the points; "
        "a related one (same family of occupations in ISCO-08) earns part of them, less the "
        "further apart they are."
    ),
    ("demand", "skills"): _l(
        "The share of the skills the job asks for that the person has. A job that asks for no "
        "particular skill gives all the points."
    ),
    ("demand", "experience"): _l(
        "Years worked in the trade against the years the job asks for. Half the years asked "
        "earns half the points."
    ),
    ("demand", "education"): _l(
        "Whether the person's level of education reaches the minimum the job asks for."
    ),
    ("demand", "certifications"): _l(
        "The share of the certificates the job asks for that the person holds."
    ),
    ("demand", "region"): _l(
        "Whether the job is in a region where the person wants to live, or the person is "
        "willing to move. Jobs offered nationwide always earn these points."
    ),
    ("demand", "demand_level"): _l(
        "How much employers are looking for this occupation according to the guide: high "
        "earns all the points, medium about half and low a few."
    ),
    ("demand", "recognition"): _l(
        "For regulated professions (doctors, nurses and others the guide marks), whether the "
        "person's qualification is recognised in the country. Recognition requested or in "
        "progress earns half; not requested earns nothing. Other jobs earn all the points."
    ),
    ("opportunity", "occupation"): _l(
        "How close the person's trade is to the trades the business needs. A business open to "
        "any trade gives all the points."
    ),
    ("opportunity", "skills"): _l(
        "The share of the skills the business needs that the person has."
    ),
    ("opportunity", "region"): _l(
        "Whether the business can be set up in a region where the person wants to live, or "
        "the person is willing to move."
    ),
    ("opportunity", "capital"): _l(
        "The money the person has against the minimum investment the business needs. Half "
        "the money earns half the points."
    ),
    ("opportunity", "training"): _l(
        "Whether the person has done entrepreneurship training, when the business needs it."
    ),
}
