"""The words the catalogue and the profile share: fields of work, groups served, situations.

Codes are stored; labels are English msgids translated where they are shown. Programmes carry
`fields` and `target_groups`, a profile carries `interests`, `situation` and `age_band`, and the
recommendation compares them code by code.
"""

from __future__ import annotations

from handlers.i18n import N_

# Fields of work (programme.fields, profile.interests), in the order the intake offers them.
FIELDS: dict[str, str] = {
    "call_centre": N_("Counselling & call centre"),
    "cooking": N_("Cooking"),
    "care": N_("Care & welfare"),
    "office": N_("Office work"),
    "manufacturing": N_("Production & quality"),
    "startup": N_("Starting a business"),
    "design": N_("Design & crafts"),
    "it": N_("IT & digital"),
    "management": N_("Team leading"),
}

# Groups a programme serves (programme.target_groups).
TARGET_GROUPS: dict[str, str] = {
    "career_break": N_("For women after a career break"),
    "middle_aged": N_("For people in their 50s and 60s"),
    "youth": N_("For young people"),
    "immigrant": N_("For marriage-immigrant women"),
    "vulnerable": N_("For people who find it hard to get work"),
}

# Who a programme is for at all (programme.audience); companies' consulting is never offered
# to a person, and the managers' course only to people already working as managers.
AUDIENCES: dict[str, str] = {
    "job_seekers": N_("For job seekers"),
    "employed": N_("For working women"),
    "managers": N_("For call-centre managers"),
    "companies": N_("For companies"),
}
# The audiences a person in the chat may be shown: companies' consulting never.
PEOPLE_AUDIENCES = frozenset({"job_seekers", "employed", "managers"})

# A person's situation (profile.situation) and, after a career break, how long it has been.
SITUATIONS: dict[str, str] = {
    "career_break": N_("Career break"),
    "job_seeking": N_("Looking for work"),
    "employed": N_("Working now"),
    "starting_business": N_("Starting a business"),
}
BREAK_LENGTHS: dict[str, str] = {
    "under_1y": N_("Less than a year"),
    "1_3y": N_("1–3 years"),
    "3_5y": N_("3–5 years"),
    "5_10y": N_("5–10 years"),
    "over_10y": N_("More than 10 years"),
}
AGE_BANDS: dict[str, str] = {
    "20s": N_("20s or younger"),
    "30s": N_("30s"),
    "40s": N_("40s"),
    "50s": N_("50s"),
    "60s": N_("60s or older"),
}
AVAILABILITY: dict[str, str] = {
    "weekday": N_("Weekdays"),
    "weekend": N_("Weekends"),
    "morning": N_("Mornings"),
    "afternoon": N_("Afternoons"),
}
CONSTRAINTS: dict[str, str] = {
    "childcare": N_("I need childcare"),
    "interpreter": N_("I need an interpreter"),
}
