"""Outcomes in the chat: a job seeker's "취업했어요" and staff's /outcomes, and the rules of
recording a participant's path that the admin web shares (`records.py`)."""
