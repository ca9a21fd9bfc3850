"""Announcements staff send to the people who asked for such news: audience, frame, progress."""
