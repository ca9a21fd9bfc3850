"""Programmes ranked for one person's profile, each with the reasons it was ranked there.

Only eligibility removes a programme; everything else moves it up or down. The score is a
sum of points, each a named constant below. Reachability dominates: a programme she can reach
(her 시/도, or online / nationwide) outranks every one she cannot, whatever else they score,
so another 시/도's programme comes only after everything near (and its reason says where).

| part        | when                                                | points (constant)     |
| ----------- | --------------------------------------------------- | --------------------- |
| eligibility | audience `companies`, ever                          | removed               |
|             | audience `employed`, not in work now                | removed               |
|             | audience `managers`, unless she works and asked for | removed               |
|             | management training (interest `management`)         |                       |
|             | `employed`/`managers` of another 시/도 (a city's     | removed               |
|             | course for its own workers)                         |                       |
|             | a mobile unit (the Seoul bus), she lives elsewhere  | removed               |
| audience    | for her situation (job seekers; women in work)      | +2 `AUDIENCE_FIT`     |
|             | she works: for people in work (직무향상, career-    | +6 `WORK_FIRST`       |
|             | break prevention) before job-seeker courses         |                       |
| group       | a target group she is in (see `groups_of`)          | +3 `GROUP_FIT`        |
|             | only groups she is not in (취약계층 is open to all)  | -1 `GROUP_OTHER`      |
|             | only another age's (신중년 at 20, youth at 60)       | -4 `AGE_OTHER`        |
| reach       | her 시/도, or online / nationwide                    | +20 `REACH`           |
|             | and her 시/군/구                                     | +2 `SAME_SIGUNGU`     |
|             | another 시/도: the nearer, the more, 0 from          | up to +2 `FAR_NEARER` |
|             | `FAR_AWAY_KM` (300 km)                              |                       |
|             | or, given a distance: `REACH` up to `FAR_KM`, and   | up to +22             |
|             | +2 up to `NEAR_KM`, 0 at `FAR_KM`, linear between   |                       |
| interests   | a field she chose                                   | +3 `INTEREST_FIT`     |
|             | each further field she chose                        | +0.5 `INTEREST_MORE`  |
|             | she chose fields, the programme has only others     | -1 `INTEREST_OTHER`   |
| schedule    | cohort days and part of day fit her availability    | +1 `SCHEDULE_FIT`     |
|             | either clashes (only what both sides say counts)    | -2 `SCHEDULE_CLASH`   |
|             | (the bus comes on weekdays: Thursdays)              |                       |
| next cohort | starts within `SOON_DAYS` (45) days, not past       | +1.5 `COHORT_SOON`    |
|             | within `LATER_DAYS` (120) days                      | +0.5 `COHORT_LATER`   |
| seats       | none left in the next cohort                        | -5 `FULL`             |

When anything near may be shown, nothing far is (`rank` leaves them out); only when
nothing near is there does she see other 시/도's programmes, each saying where it is.

Unknown answers score 0 on their line, so a half-filled profile still ranks. Ties go to the
earlier cohort, then the lower programme id, so the order is stable.

Reasons are codes with values, in the order a line shows them, for the caller to translate:
`("audience", "employed")`, `("group", "career_break")`, `("field", "call_centre")`,
`("region", "광명시")`, `("far", "전북 완주군")` (another 시/도: where it is),
`("distance_km", 3.2)`, `("schedule", ("weekday", "full_day"))`,
`("next_cohort", date)`, `("seats_left", 5)`.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from handlers import regions
from storage.records import Centre, Cohort, Profile, ProgrammeListing

AUDIENCE_FIT = 2.0
WORK_FIRST = 6.0
GROUP_FIT = 3.0
GROUP_OTHER = -1.0
AGE_OTHER = -4.0
REACH = 20.0
SAME_SIGUNGU = 2.0
FAR_NEARER = 2.0
FAR_AWAY_KM = 300.0
NEAR_KM = 5.0
FAR_KM = 60.0
INTEREST_FIT = 3.0
INTEREST_MORE = 0.5
INTEREST_OTHER = -1.0
SCHEDULE_FIT = 1.0
SCHEDULE_CLASH = -2.0
SOON_DAYS = 45
LATER_DAYS = 120
COHORT_SOON = 1.5
COHORT_LATER = 0.5
FULL = -5.0

# Groups anyone may join: a programme aimed only at them is not "for someone else".
OPEN_GROUPS = frozenset({"vulnerable"})
AGE_GROUPS = {"youth": frozenset({"20s"}), "middle_aged": frozenset({"50s", "60s"})}
WORKING = "employed"
MANAGEMENT = "management"  # the field of interest that asks for the managers' course
FOR_WORKERS = frozenset({"employed", "managers"})
NATIONWIDE = frozenset({"전국", "온라인"})  # a centre's 시/도 for programmes anyone can reach
MOBILE = "mobile"  # a centre kind: the bus, which serves only its own 시/도
MOBILE_SCHEDULE = ("weekday", None)  # the Seoul bus comes on Thursdays
# The parts of the day (availability codes) a cohort's `part_of_day` takes.
PARTS_NEEDED = {
    "morning": frozenset({"morning"}),
    "afternoon": frozenset({"afternoon"}),
    "full_day": frozenset({"morning", "afternoon"}),
}

RegionDistance = Callable[[Profile, Centre], float | None]
Reason = tuple[str, object]


@dataclass(frozen=True, slots=True)
class Recommendation:
    listing: ProgrammeListing
    score: float
    reasons: tuple[Reason, ...]


def audiences_for(profile: Profile) -> frozenset[str]:
    """The programme audiences this person may be shown (companies' consulting never; the
    managers' course only to someone in work who asked for management training)."""
    if profile.situation != WORKING:
        return frozenset({"job_seekers"})
    if MANAGEMENT in profile.interests:
        return frozenset({"job_seekers", "employed", "managers"})
    return frozenset({"job_seekers", "employed"})


def is_near(profile: Profile, centre: Centre) -> bool:
    """She can reach it: her own 시/도, or online / nationwide."""
    return centre.sido in NATIONWIDE or (profile.sido is not None and centre.sido == profile.sido)


def may_see(profile: Profile, listing: ProgrammeListing, audiences: frozenset[str]) -> bool:
    """Eligibility: her audience, a course for workers only in her own 시/도, the bus only
    in its own 시/도."""
    programme, centre = listing.programme, listing.centre
    if programme.audience not in audiences:
        return False
    if programme.audience in FOR_WORKERS or centre.kind == MOBILE:
        return is_near(profile, centre)
    return True


def groups_of(profile: Profile) -> frozenset[str]:
    """The target groups (`vocabulary.TARGET_GROUPS`) the profile says she belongs to."""
    groups = set()
    if profile.situation == "career_break":
        groups.add("career_break")
    if profile.age_band in ("50s", "60s"):
        groups.add("middle_aged")
    if profile.age_band == "20s":
        groups.add("youth")
    if "interpreter" in profile.constraints:
        groups.add("immigrant")
    return frozenset(groups)


def rank(
    profile: Profile,
    listings: list[ProgrammeListing],
    today: date,
    region_distance: RegionDistance | None = None,
    *,
    limit: int | None = None,
) -> list[Recommendation]:
    """The listings this person may be shown, best first (see the module's table).

    With `limit`, only the best `limit`: every listing is scored either way, but only those
    returned are given their reasons, which is most of the cost in a large catalogue.
    """
    person = _Person(profile, today, region_distance)
    scored = person.sort_keys(listings)
    if person.far and len(person.far) < len(scored):  # something near: nothing far
        scored = [key for key in scored if key[3] not in person.far]
    best = heapq.nsmallest(limit, scored) if limit is not None else sorted(scored)
    return [
        Recommendation(listings[number], -negative, person.reasons(listings[number]))
        for negative, _starts_on, _id, number in best
    ]


Part = tuple[float, tuple[Reason, ...]]
NOTHING: Part = (0.0, ())


class _Person:
    """What of a profile the score compares, worked out once per `rank` call.

    Each part of the score but the cohort's dates depends on a fact many programmes share
    (audience, groups, fields, centre, cohort days), so it is worked out once per distinct
    value, with its reasons, and remembered for the rest of the call.
    """

    def __init__(
        self, profile: Profile, today: date, region_distance: RegionDistance | None
    ) -> None:
        availability = frozenset(profile.availability)
        self.profile = profile
        self.today = today
        self.region_distance = region_distance
        self.audiences = audiences_for(profile)
        self.groups = groups_of(profile)
        self.interests = frozenset(profile.interests)
        self.days = availability & {"weekday", "weekend"}
        self.parts = availability & {"morning", "afternoon"}
        self.far: set[int] = set()  # positions of the listings in another 시/도
        # Each part once per distinct value, for this call only (the profile is in it).
        self.audience_part = cache(self._audience_part)
        self.group_part = cache(self._group_part)
        self.interest_part = cache(self._interest_part)
        self.region_part = cache(self._region_part)  # by the centre (a frozen record)
        self.schedule_part = cache(self._schedule_part)

    def cohort_of(self, listing: ProgrammeListing) -> Cohort | None:
        cohort = listing.next_cohort
        return cohort if cohort is not None and cohort.starts_on >= self.today else None

    def sort_keys(self, listings: list[ProgrammeListing]) -> list[tuple[float, date, int, int]]:
        """(-score, next start, programme id, position) of each listing she may be shown.

        The score is the sum of `_parts`' points, written out in one loop with everything
        local: this runs for every listing of the catalogue, on every `rank`."""
        today, soon = self.today, self.today + timedelta(days=SOON_DAYS)
        later = self.today + timedelta(days=LATER_DAYS)
        audience_part, group_part, never = self.audience_part, self.group_part, date.max
        interest_part, region_part, schedule_part = (
            self.interest_part,
            self.region_part,
            self.schedule_part,
        )
        keys, far = [], self.far
        for number, listing in enumerate(listings):
            programme = listing.programme
            if not self.may_see(listing):
                continue
            score = audience_part(programme.audience)[0] + group_part(programme.target_groups)[0]
            score += interest_part(programme.fields)[0]
            centre = listing.centre
            part = region_part(centre)
            score += part[0]
            if part[1] and part[1][0][0] == "far":
                far.add(number)
            cohort = listing.next_cohort
            starts_on = never
            if centre.kind == MOBILE:
                score += schedule_part(MOBILE_SCHEDULE)[0]
            elif cohort is not None and cohort.starts_on >= today:
                starts_on = cohort.starts_on
                score += schedule_part((cohort.days, cohort.part_of_day))[0]
                if starts_on <= soon:
                    score += COHORT_SOON
                elif starts_on <= later:
                    score += COHORT_LATER
                if cohort.seats_left is not None and cohort.seats_left <= 0:
                    score += FULL
            keys.append((-score, starts_on, programme.id, number))
        return keys

    def reasons(self, listing: ProgrammeListing) -> tuple[Reason, ...]:
        return tuple(reason for _points, reasons in self._parts(listing) for reason in reasons)

    def _parts(self, listing: ProgrammeListing) -> list[Part]:
        programme, centre = listing.programme, listing.centre
        parts = [
            self.audience_part(programme.audience),
            self.group_part(programme.target_groups),
            self.interest_part(programme.fields),
            self.region_part(centre),
        ]
        cohort = self.cohort_of(listing)
        if centre.kind == MOBILE:
            parts.append(self.schedule_part(MOBILE_SCHEDULE))
        elif cohort is not None:
            parts.append(self.schedule_part((cohort.days, cohort.part_of_day)))
            parts.append(_cohort_part(cohort, self.today))
        return parts

    def may_see(self, listing: ProgrammeListing) -> bool:
        programme, centre = listing.programme, listing.centre
        if programme.audience in FOR_WORKERS or centre.kind == MOBILE:
            return may_see(self.profile, listing, self.audiences)
        return programme.audience in self.audiences

    def _audience_part(self, audience: str) -> Part:
        if audience in FOR_WORKERS:  # she works: only those she may see get here
            return AUDIENCE_FIT + WORK_FIRST, (("audience", audience),)
        if self.profile.situation == WORKING:
            return NOTHING  # a course for job seekers, shown to someone working
        return AUDIENCE_FIT, ()

    def _group_part(self, target_groups: tuple[str, ...]) -> Part:
        matched = tuple(("group", group) for group in target_groups if group in self.groups)
        if matched:
            return GROUP_FIT, matched
        if not target_groups or any(group in OPEN_GROUPS for group in target_groups):
            return NOTHING
        age = self.profile.age_band
        if age and all(age not in AGE_GROUPS.get(group, (age,)) for group in target_groups):
            return AGE_OTHER, ()  # only for people of another age
        return GROUP_OTHER, ()

    def _interest_part(self, fields: tuple[str, ...]) -> Part:
        if not self.interests or not fields:
            return NOTHING
        matched = tuple(("field", field) for field in fields if field in self.interests)
        if not matched:
            return INTEREST_OTHER, ()
        return INTEREST_FIT + INTEREST_MORE * (len(matched) - 1), matched

    def _region_part(self, centre: Centre) -> Part:
        place = centre.sigungu or centre.sido
        km = self.region_distance(self.profile, centre) if self.region_distance else None
        if km is not None and km <= FAR_KM:
            points = REACH + SAME_SIGUNGU * min(1.0, (FAR_KM - km) / (FAR_KM - NEAR_KM))
            return points, (("region", place), ("distance_km", round(km, 1)))
        profile = self.profile
        if centre.sido in NATIONWIDE:
            return REACH, ()
        if not profile.sido:
            return NOTHING
        if profile.sido != centre.sido:
            return _far_part(profile, centre)
        if profile.sigungu and profile.sigungu == centre.sigungu:
            return REACH + SAME_SIGUNGU, (("region", place),)
        return REACH, (("region", place),)

    def _schedule_part(self, schedule: tuple[str | None, str | None]) -> Part:
        days, part_of_day = schedule
        checks = []
        if self.days and days in ("weekday", "weekend"):
            checks.append(days in self.days)
        if self.parts and part_of_day in PARTS_NEEDED:
            checks.append(PARTS_NEEDED[part_of_day] <= self.parts)
        if not checks:
            return NOTHING
        if not all(checks):
            return SCHEDULE_CLASH, ()
        return SCHEDULE_FIT, (("schedule", schedule),)


def _far_part(profile: Profile, centre: Centre) -> Part:
    """Another 시/도's programme: a little more the nearer it is, and where it is."""
    sido = regions.sido_by_name(centre.sido)
    where = " ".join(part for part in (sido.short if sido else centre.sido, centre.sigungu) if part)
    km = regions.distance_km(
        regions.Place(profile.sido or "", profile.sigungu),
        regions.Place(centre.sido, centre.sigungu),
    )
    if km is None:
        km = regions.distance_km(regions.Place(profile.sido or ""), regions.Place(centre.sido))
    points = FAR_NEARER * max(0.0, 1 - km / FAR_AWAY_KM) if km is not None else 0.0
    return points, (("far", where),)


def _cohort_part(cohort: Cohort, today: date) -> Part:
    reasons: tuple[Reason, ...] = (("next_cohort", cohort.starts_on),)
    if cohort.seats_left is not None:
        reasons += (("seats_left", cohort.seats_left),)
    return _cohort_points(cohort, today), reasons


def _cohort_points(cohort: Cohort, today: date) -> float:
    days_away = (cohort.starts_on - today).days
    points = 0.0
    if days_away <= SOON_DAYS:
        points = COHORT_SOON
    elif days_away <= LATER_DAYS:
        points = COHORT_LATER
    if cohort.seats_left is not None and cohort.seats_left <= 0:
        points += FULL
    return points
