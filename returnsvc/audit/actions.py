"""What the audit log calls each action and each kind of record, in the reader's language.

Entries store codes (`auth.login`, `case_file`): stable, searchable, the same in every language.
The log shows these labels; a code missing from the tables (a feature added later) still reads
as words ("guide_edition.copied" -> "Guide edition copied"), never as a raw code.
tests/audit/test_action_labels.py checks that every action the app records has a label here.
"""

from returnsvc.core.i18n import lazy_text as _l

# Whole sentences, not a verb joined to a noun: Spanish agrees the participle with the noun.
_PROFILE_ACTIONS = {
    "experience": (
        _l("Profile: work experience added"),
        _l("Profile: work experience changed"),
        _l("Profile: work experience deleted"),
    ),
    "skill": (
        _l("Profile: skill added"),
        _l("Profile: skill changed"),
        _l("Profile: skill deleted"),
    ),
    "qualification": (
        _l("Profile: qualification added"),
        _l("Profile: qualification changed"),
        _l("Profile: qualification deleted"),
    ),
    "certificate": (
        _l("Profile: competency certificate added"),
        _l("Profile: competency certificate changed"),
        _l("Profile: competency certificate deleted"),
    ),
    "language": (
        _l("Profile: language added"),
        _l("Profile: language changed"),
        _l("Profile: language deleted"),
    ),
    "preferences": (
        _l("Profile: work preferences added"),
        _l("Profile: work preferences changed"),
        _l("Profile: work preferences deleted"),
    ),
}
_VERBS = ("added", "updated", "deleted")
_PUBLISHED_CONTENT = {
    "programme": (
        _l("Programme created"),
        _l("Programme changed"),
        _l("Programme published"),
        _l("Programme unpublished"),
        _l("Programme deleted"),
    ),
    "practice": (
        _l("Good practice created"),
        _l("Good practice changed"),
        _l("Good practice published"),
        _l("Good practice unpublished"),
        _l("Good practice deleted"),
    ),
}

ACTION_LABELS = {
    "auth.login": _l("Signed in"),
    "auth.login_failed": _l("Sign-in failed"),
    "auth.login_refused_locked": _l("Sign-in refused: account locked"),
    "auth.account_locked": _l("Account locked after failed sign-ins"),
    "auth.logout": _l("Signed out"),
    "auth.password_changed": _l("Password changed"),
    "auth.password_assigned": _l("Password set by an administrator"),
    "auth.password_set_by_link": _l("Password set with a one-time link"),
    "authorisation.denied": _l("Access refused"),
    "user.created": _l("Account created"),
    "user.updated": _l("Account changed"),
    "user.locale_changed": _l("Language of the interface changed"),
    "user.time_zone_changed": _l("Time zone changed"),
    "user.password_link_setup": _l("Password set-up link issued"),
    "user.password_link_reset": _l("Password reset link issued"),
    "user.password_link_invite": _l("Portal invitation link issued"),
    "auth.password_reset_requested": _l("Forgotten password: new link e-mailed"),
    "auth.password_reset_refused": _l("Forgotten password: no link sent"),
    "portal_access.linked": _l("Portal account linked to the person"),
    "portal_access.invited": _l("Invited to the portal"),
    "portal_access.mailed": _l("Portal invitation e-mailed"),
    "portal_access.mail_failed": _l("Portal invitation could not be e-mailed"),
    "portal_access.revoked": _l("Portal access revoked"),
    "office.created": _l("Office created"),
    "office.updated": _l("Office changed"),
    "matching_weights.saved": _l("Matching weights: new version saved"),
    "match.decided": _l("Decision on a match recorded"),
    "match.interest": _l("Interest in a match said in the portal"),
    "placement.recorded": _l("Placement recorded"),
    "enterprise.created": _l("Business created"),
    "enterprise.updated": _l("Business changed"),
    "enterprise.stage_changed": _l("Business stage changed"),
    "enterprise.training_added": _l("Business training recorded"),
    "enterprise.visit_recorded": _l("Business follow-up visit recorded"),
    "business_plan.saved": _l("Business plan version saved"),
    "funding.added": _l("Business funding added"),
    "funding.status_changed": _l("Business funding status changed"),
    "funding.disbursed": _l("Business funding disbursed"),
    "loan.added": _l("Micro-loan terms recorded"),
    "loan.repaid": _l("Micro-loan repayment recorded"),
    "loan.repayment_reversed": _l("Micro-loan repayment reversed"),
    "loan.written_off": _l("Micro-loan written off"),
    "apre.started": _l("APRE recorded"),
    "apre.updated": _l("APRE changed"),
    "apre_payment.received": _l("APRE payment received"),
    "apre_earmark.added": _l("APRE payment put towards savings or a business"),
    "savings_plan.opened": _l("Savings plan opened"),
    "savings_plan.changed": _l("Savings plan changed"),
    "savings_plan.closed": _l("Savings plan closed"),
    "savings_entry.recorded": _l("Savings entry recorded"),
    "savings_entry.reversed": _l("Savings entry reversed"),
    "returnee.registered": _l("Person registered"),
    "returnee.updated": _l("Person's data changed"),
    "returnee.duplicate_overridden": _l("Registered despite a possible duplicate"),
    "returnee.consent_given": _l("Consent recorded"),
    "returnee.consent_withdrawn": _l("Consent withdrawn"),
    "returnee.exported": _l("Personal data record printed or downloaded"),
    "returnee.anonymised": _l("Person anonymised"),
    "returnee.own_data_downloaded": _l("Person downloaded their own data (portal)"),
    "contact_correction.requested": _l("Correction of contact details asked for (portal)"),
    "contact_correction.replaced": _l("Correction of contact details replaced by a newer one"),
    "contact_correction.approved": _l("Correction of contact details approved"),
    "contact_correction.rejected": _l("Correction of contact details not accepted"),
    "case.opened": _l("Case opened"),
    "case.assigned": _l("Case assigned"),
    "case.stage_changed": _l("Case stage changed"),
    "case.transfer_requested": _l("Case transfer requested"),
    "case.transfer_accepted": _l("Case transfer accepted"),
    "case.transfer_declined": _l("Case transfer declined"),
    "case.transfer_cancelled": _l("Case transfer cancelled"),
    "note.added": _l("Note added"),
    "appointment.scheduled": _l("Appointment scheduled"),
    "appointment.updated": _l("Appointment changed"),
    "appointment.attendance_recorded": _l("Attendance recorded"),
    "appointment.cancelled": _l("Appointment cancelled"),
    "task.added": _l("Task added"),
    "task.updated": _l("Task changed"),
    "task.completed": _l("Task done"),
    "task.reopened": _l("Task reopened"),
    "task.handed_over": _l("Task handed over with the case"),
    "message.sent": _l("Message sent"),
    "message_thread.closed": _l("Conversation with the person closed"),
    "message_thread.reopened": _l("Conversation with the person reopened"),
    "plan.goal_added": _l("Plan goal added"),
    "plan.goal_updated": _l("Plan goal changed"),
    "plan.action_added": _l("Plan action added"),
    "plan.action_updated": _l("Plan action changed"),
    "plan.action_reported_done": _l("Plan action said done by the person"),
    "plan.action_report_cleared": _l("Plan action: the person's “done” cleared"),
    "partner.created": _l("Partner organisation created"),
    "partner.updated": _l("Partner organisation changed"),
    "referral.sent": _l("Referral sent"),
    "referral.accepted": _l("Referral accepted"),
    "referral.declined": _l("Referral declined"),
    "referral.completed": _l("Referral completed"),
    "referral.cancelled": _l("Referral cancelled"),
    "guide_edition.created": _l("Guide created"),
    "guide_edition.updated": _l("Guide changed"),
    "guide_edition.copied": _l("Guide copied"),
    "guide_edition.imported": _l("Guide imported"),
    "guide_edition.exported": _l("Guide exported"),
    "guide_edition.published": _l("Guide published"),
    "guide_edition.unpublished": _l("Guide unpublished"),
    "guide_edition.deleted": _l("Guide deleted"),
    "demand_entry.created": _l("Labour demand entry created"),
    "business_opportunity.created": _l("Business opportunity created"),
    "required_skill.added": _l("Required skill added"),
    "required_skill.removed": _l("Required skill removed"),
    "remittance_figure.created": _l("Remittance cost figure recorded"),
    "remittance_figure.corrected": _l("Remittance cost figure corrected"),
    "savings_campaign.created": _l("Savings campaign created"),
    "savings_campaign.updated": _l("Savings campaign changed"),
    "savings_campaign.material_added": _l("Campaign material added"),
    "savings_campaign.material_removed": _l("Campaign material removed"),
    "savings_campaign.person_enrolled": _l("Person enrolled in a savings campaign"),
    "savings_campaign.person_unenrolled": _l("Person taken off a savings campaign"),
    "savings_campaign.people_enrolled": _l("People enrolled in a savings campaign at once"),
    "outcomes.exported": _l("Programme outcomes exported"),
    "outcomes.export_started": _l("Programme outcomes export started in the background"),
    "outcomes.export_downloaded": _l("Programme outcomes export downloaded"),
    **{
        f"profile.{section}_{verb}": label
        for section, labels in _PROFILE_ACTIONS.items()
        for verb, label in zip(_VERBS, labels, strict=True)
    },
    **{
        f"{prefix}.{verb}": label
        for prefix, labels in _PUBLISHED_CONTENT.items()
        for verb, label in zip(
            ("created", "updated", "published", "unpublished", "deleted"), labels, strict=True
        )
    },
}

# Every table a record of the log may point at (tests/audit: every table has its name here).
TARGET_LABELS = {
    "user_account": _l("Account"),
    "password_link": _l("Password link"),
    "office": _l("Office"),
    "returnee": _l("Person"),
    "migration_history": _l("Migration history"),
    "duplicate_override": _l("Possible duplicate"),
    "contact_correction": _l("Correction of contact details"),
    "case_file": _l("Case"),
    "case_transition": _l("Stage change"),
    "case_transfer": _l("Case transfer"),
    "case_access": _l("Case access"),
    "case_event": _l("Case event"),
    "case_note": _l("Note"),
    "appointment": _l("Appointment"),
    "task": _l("Task"),
    "case_message": _l("Message"),
    "message_thread": _l("Conversation with the person"),
    "plan_goal": _l("Plan goal"),
    "plan_action": _l("Plan action"),
    "partner": _l("Partner organisation"),
    "referral": _l("Referral"),
    "work_experience": _l("Profile: work experience"),
    "returnee_skill": _l("Profile: skill"),
    "qualification": _l("Profile: qualification"),
    "competency_certificate": _l("Profile: competency certificate"),
    "language_skill": _l("Profile: language"),
    "work_preference": _l("Profile: work preferences"),
    "guide_edition": _l("Guide"),
    "demand_entry": _l("Labour demand entry"),
    "business_opportunity": _l("Business opportunity"),
    "required_skill": _l("Required skill"),
    "support_programme": _l("Programme"),
    "opportunity_programme": _l("Programme of a business opportunity"),
    "good_practice": _l("Good practice"),
    "remittance_figure": _l("Remittance cost figure"),
    "remittance_cost_target": _l("Remittance cost target"),
    "isco_group": _l("ISCO-08 group"),
    "matching_weights": _l("Matching weights"),
    "match_decision": _l("Decision on a match"),
    "placement": _l("Placement"),
    "enterprise": _l("Business"),
    "business_plan": _l("Business plan"),
    "enterprise_training": _l("Business training"),
    "funding_source": _l("Business funding"),
    "disbursement": _l("Disbursement"),
    "loan": _l("Micro-loan"),
    "repayment": _l("Micro-loan repayment"),
    "apre_record": _l("APRE"),
    "apre_rule": _l("APRE rule"),
    "apre_payment": _l("APRE payment"),
    "apre_earmark": _l("APRE payment put aside"),
    "follow_up_visit": _l("Business follow-up visit"),
    "savings_plan": _l("Savings plan"),
    "savings_entry": _l("Savings entry"),
    "savings_campaign": _l("Savings campaign"),
    "campaign_material": _l("Campaign material"),
    "campaign_enrolment": _l("Enrolment in a savings campaign"),
    "esco_occupation": _l("ESCO occupation"),
    "esco_skill": _l("ESCO skill"),
    "taxonomy_import": _l("Taxonomy import"),
    "report_export_job": _l("Export of programme outcomes"),
}


def _words(code: str) -> str:
    """A code as words: "guide_edition.copied" -> "Guide edition copied"."""
    text = " ".join(code.replace(".", " ").replace("_", " ").split())
    return text[:1].upper() + text[1:]


def action_label(code: str) -> str:
    """The action's name in the current language; an unknown code as words."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else _words(code)


def target_label(kind: str) -> str:
    """The kind of record (a table name) in the current language; an unknown one as words."""
    label = TARGET_LABELS.get(kind)
    return str(label) if label is not None else _words(kind)
