"""The staff web admin at `/admin`: server-rendered pages (no JavaScript needed), password login
with argon2 hashes and a rate limit, signed session cookies, CSRF tokens on every form, a role
check on every page and action, and an audit row for every change."""

from bot.admin.site import AdminWeb

__all__ = ["AdminWeb"]
