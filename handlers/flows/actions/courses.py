"""The buttons of courses: a page of all courses (`progs:<page>`), one course's details
(`prog:<id>`) and the next page of her recommendations (`rec:<page>`)."""

from __future__ import annotations

from handlers.flows.button_data import OnRow, decode_as


class AllCourses(OnRow):
    """A page of every course (browsing without consent too)."""

    prefix = "progs"


class CourseDetails(OnRow):
    prefix = "prog"


class MoreCourses(OnRow):
    """A page of her recommendations."""

    prefix = "rec"


EXAMPLES = (AllCourses(0), AllCourses(3), CourseDetails(999_999_999_999_999_999), MoreCourses(1))


def decode(data: str | None) -> AllCourses | CourseDetails | MoreCourses | None:
    return decode_as((AllCourses, CourseDetails, MoreCourses), data)
