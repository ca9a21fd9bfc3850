"""The admin web's fixtures (a running app with a signed-in admin), for probing its routes."""

from tests.admin.conftest import admin, admin_site  # noqa: F401 (fixtures used by name)
