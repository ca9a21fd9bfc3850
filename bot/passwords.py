"""Staff web passwords: argon2id (argon2-cffi, its default RFC 9106 parameters), a random salt
per password; only the hash is stored. Hashes made earlier with scrypt still verify, and
`needs_rehash` tells the login to replace them (or any weaker argon2 hash) with a current one."""

from __future__ import annotations

import base64
import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
_HASHER = PasswordHasher()  # stateless: holds only its parameters
_LEGACY = "scrypt$"


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(password: str, stored: str) -> bool:
    """Constant-time check of `password` against a stored hash; False for any bad hash."""
    if stored.startswith(_LEGACY):
        return _scrypt_matches(password, stored)
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when the hash is scrypt or argon2 with weaker parameters than today's."""
    if stored.startswith(_LEGACY):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True


def _scrypt_matches(password: str, stored: str) -> bool:
    try:
        _kind, n, r, p, salt, digest = stored.split("$")
        given = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
        )
        return hmac.compare_digest(given, base64.b64decode(digest))
    except ValueError:
        return False
