"""The docs cannot drift from the code: every app, top-level module, URL prefix and environment variable
is documented, and nothing documented is gone.

What is required comes from the code itself (the package tree, the root URLconf, the calls that read
the environment), so a new app, module, prefix or variable fails here until the docs name it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[1]
DIRECTORY = ROOT / "docs" / "directory-structure.md"
DEPLOY = ROOT / "docs" / "deploy.md"
ENV_HELPERS = {"env_str", "env_bool", "env_int", "env_list"}


def directory_text() -> str:
    return DIRECTORY.read_text(encoding="utf-8")


def _is_package(path: Path) -> bool:
    return path.is_dir() and (path / "__init__.py").is_file()


def apps() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "stadskennis").glob("*/apps.py"))


def top_level_modules() -> list[str]:
    """Each module and package directly under stadskennis/ and config/, as a path from the root."""
    found = []
    for top in ("stadskennis", "config"):
        for path in sorted((ROOT / top).iterdir()):
            if path.suffix == ".py" and path.name != "__init__.py":
                found.append(f"{top}/{path.name}")
            elif _is_package(path):
                found.append(f"{top}/{path.name}/")
    return found


def api_modules() -> list[str]:
    return sorted(
        p.name
        for p in (ROOT / "stadskennis" / "api").glob("*.py")
        if p.name not in {"__init__.py", "apps.py"}
    )


def url_prefixes() -> list[str]:
    """The first path segment of every URL the root URLconf serves (includes mounted at "" are opened)."""
    prefixes = set()

    def walk(patterns, prefix: str = "") -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^")
            if not route and isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
                continue
            segment = route.split("/", 1)[0]
            if segment:
                prefixes.add(segment)

    walk(get_resolver().url_patterns)
    return sorted(prefixes)


def _literal_name(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def _is_os_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def variables_read(path: Path) -> set[str]:
    """Names read through config.env's helpers, os.environ (get, setdefault, [...]) or os.getenv."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            helper = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            from_environ = isinstance(func, ast.Attribute) and _is_os_environ(func.value)
            if (
                helper in ENV_HELPERS
                or helper == "getenv"
                or (from_environ and helper in {"get", "setdefault"})
            ):
                if (name := _literal_name(node)) is not None:
                    names.add(name)
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                names.add(node.slice.value)
    return names


def environment_variables() -> set[str]:
    """Every variable the settings read (config/), and any other read through config.env's helpers."""
    names = set()
    for path in (ROOT / "config").rglob("*.py"):
        names |= variables_read(path)
    for path in (ROOT / "stadskennis").rglob("*.py"):
        if "tests" in path.parts or path.name == "env.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ENV_HELPERS:
                if (name := _literal_name(node)) is not None:
                    names.add(name)
    names.discard("")
    return names


def _first_column_variables(text: str) -> list[str]:
    names = []
    for line in text.splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2:
            names += re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[1])
    return names


def _environment_section() -> str:
    text = DEPLOY.read_text(encoding="utf-8")
    match = re.search(r"^## Environment\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert match, "docs/deploy.md has no '## Environment' section"
    return match.group(1)


def environment_table() -> set[str]:
    """The variables named in the first column of the table under "## Environment" in docs/deploy.md."""
    return set(_first_column_variables(_environment_section()))


# --- What the code has is documented ---------------------------------------------------------------


def test_the_discovery_finds_what_is_there():
    """A guard for the guards below: they check what they find, so they must find it."""
    assert {"core", "knowledge", "network", "questions", "search", "api"} <= set(apps())
    assert {"stadskennis/__main__.py", "config/env.py", "config/django/", "stadskennis/core/"} <= set(
        top_level_modules()
    )
    assert {"kennisbank", "netwerk", "vraagbaak", "api", "healthz", "admin"} <= set(url_prefixes())
    assert {"SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECURE_HSTS_SECONDS"} <= (
        environment_variables()
    )
    assert "SECRET_KEY" in environment_table()


@pytest.mark.parametrize("app", apps())
def test_every_app_is_in_the_directory_structure(app):
    assert f"`stadskennis/{app}/`" in directory_text(), (
        f"add stadskennis/{app}/ to docs/directory-structure.md"
    )


@pytest.mark.parametrize("module", top_level_modules())
def test_every_top_level_module_is_in_the_directory_structure(module):
    assert f"`{module}" in directory_text(), f"add {module} to docs/directory-structure.md"


@pytest.mark.parametrize("module", api_modules())
def test_every_api_module_is_named_in_the_api_row(module):
    (row,) = [line for line in directory_text().splitlines() if line.startswith("| `stadskennis/api/`")]
    assert f"`{module}`" in row, f"name {module} in the stadskennis/api/ row of docs/directory-structure.md"


@pytest.mark.parametrize("prefix", url_prefixes())
def test_every_url_prefix_is_in_the_directory_structure(prefix):
    assert re.search(rf"`/{re.escape(prefix)}[/`]", directory_text()), (
        f"add /{prefix}/ to the URL map in docs/directory-structure.md"
    )


@pytest.mark.parametrize("name", sorted(environment_variables()))
def test_every_environment_variable_is_documented(name):
    assert name in environment_table(), f"add {name} to the Environment table in docs/deploy.md"


# --- What the docs name exists -----------------------------------------------------------------------


def test_the_environment_is_one_table_with_one_row_per_variable():
    in_section = _first_column_variables(_environment_section())
    twice = sorted({name for name in in_section if in_section.count(name) > 1})
    assert twice == [], f"named more than once in the Environment table of docs/deploy.md: {twice}"
    elsewhere = [
        name
        for name in _first_column_variables(
            DEPLOY.read_text(encoding="utf-8").replace(_environment_section(), "")
        )
        if name in environment_variables()
    ]
    assert elsewhere == [], (
        f"docs/deploy.md has another table of variables; move them to Environment: {elsewhere}"
    )


def test_every_documented_environment_variable_is_read():
    gone = set(environment_table()) - environment_variables()
    assert gone == set(), f"docs/deploy.md documents variables nothing reads: {sorted(gone)}"


def _documented_paths() -> set[str]:
    paths = set()
    for path in re.findall(r"`((?:stadskennis|config)/[^`\s]*)`", directory_text()):
        if "<" in path:
            continue
        brace = re.fullmatch(r"(.*)\{([^}]*)\}(.*)", path)
        if brace:
            head, options, tail = brace.groups()
            paths |= {f"{head}{option}{tail}" for option in options.split(",")}
        else:
            paths.add(path)
    return paths


def test_every_documented_path_exists():
    gone = sorted(p for p in _documented_paths() if not (ROOT / p).exists())
    assert gone == [], f"docs/directory-structure.md names paths that do not exist: {gone}"


def test_every_documented_url_prefix_is_served():
    documented = set(re.findall(r"`/([a-z][a-z0-9-]*)[/`]", directory_text()))
    gone = documented - set(url_prefixes())
    assert gone == set(), f"docs/directory-structure.md names URL prefixes nothing serves: {sorted(gone)}"
