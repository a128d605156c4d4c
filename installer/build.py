"""Build the desk program's one-folder bundle, then its installer: the .deb on Linux, Inno Setup's on Windows.

    python installer/build.py [--dist DIR] [--work DIR] [--no-package] [--clean]

1. the version comes from desktop/__init__.py (the .deb's Version, the Windows version resource that the Inno
   Setup script reads back from microstation.exe);
2. the zh_CN translation is compiled from its .ts (into the work folder; the committed .qm is not touched);
3. PyInstaller builds DIST/microstation/ from installer/microstation.spec, which leaves out what the program
   never uses (Qt WebEngine, Quick/QML, other languages' Qt translations …); the result is checked for them;
4. Linux: DIST/microstation_<version>_<arch>.deb (dpkg-deb) installing to /opt/microstation, after checking that
   every system library the bundle links is provided by the packages it declares (installer/linux/depends.txt);
   Windows: DIST/microstation-<version>-setup.exe when Inno Setup's ISCC.exe is found.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
WINDOWS = sys.platform == "win32"
APP = "microstation"
# What the trimming must have removed (checked in the finished bundle)
UNWANTED = re.compile(
    r"WebEngine|Qt6?Quick|Qt6?Qml|Qt63D|Multimedia|Wayland|VirtualKeyboard|/qml/"
    r"|PySide6/.*/translations/(?!qtbase_zh_CN)"
)


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def read_version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([0-9]+\.[0-9]+\.[0-9]+)"$', text, re.MULTILINE)
    if found is None:
        raise SystemExit('desktop/__init__.py has no __version__ = "X.Y.Z"')
    return found.group(1)


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


# -- stage: what the spec takes from build.py ---------------------------------------------------------------------
def lrelease() -> str:
    import PySide6

    bundled = Path(PySide6.__file__).parent / ("lrelease.exe" if WINDOWS else "lrelease")
    if bundled.is_file():
        return str(bundled)
    found = shutil.which("pyside6-lrelease")
    if found is None:
        raise SystemExit("pyside6-lrelease not found (install the project: pip install -e .[build])")
    return found


def compile_translations(stage: Path) -> None:
    source = ROOT / "resources" / "translations" / "microstation_zh_CN.ts"
    target = stage / "translations" / "microstation_zh_CN.qm"
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([lrelease(), "-silent", str(source), "-qm", str(target)], check=True)
    if target.stat().st_size < 1000:
        raise SystemExit(f"{target} is suspiciously small")


def make_icons(stage: Path) -> None:
    """The SVG icon as PNG (256 px) and as a multi-size .ico for the Windows program and its installer."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([APP])
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ROOT / "resources" / "icons" / "app.svg")).render(painter)
    painter.end()
    png = stage / f"{APP}.png"
    if not image.save(str(png)):
        raise SystemExit(f"could not write {png}")
    sizes = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
    with Image.open(png) as picture:
        picture.save(stage / f"{APP}.ico", sizes=sizes)


VERSION_INFO = """# UTF-8 — Windows version resource of microstation.exe, written by installer/build.py
VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple}, prodvers={tuple}, mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1,
                    subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', '湛江市公安局霞山分局'),
      StringStruct('FileDescription', '微派出所前台受理系统'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'microstation'),
      StringStruct('OriginalFilename', 'microstation.exe'),
      StringStruct('ProductName', '微站前台'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def write_version_info(stage: Path, version: str) -> None:
    numbers = (*map(int, version.split(".")), 0)
    text = VERSION_INFO.replace("{tuple}", repr(numbers)).replace("{version}", version)
    (stage / "version_info.txt").write_text(text, encoding="utf-8")


# -- the bundle ------------------------------------------------------------------------------------------------------
def build_bundle(dist: Path, work: Path, stage: Path, version: str, clean: bool) -> Path:
    env = {**os.environ, "MICROSTATION_STAGE": str(stage)}
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work / "pyinstaller")]
    if clean:
        command.append("--clean")
    subprocess.run([*command, str(INSTALLER / f"{APP}.spec")], check=True, env=env, cwd=ROOT)
    bundle = dist / APP
    (bundle / "_internal" / "VERSION").write_text(version + "\n", encoding="utf-8")
    return bundle


def check_bundle(bundle: Path) -> None:
    leftovers = [str(p.relative_to(bundle)) for p in bundle.rglob("*") if UNWANTED.search(p.as_posix())]
    leftovers += [f"{p.relative_to(bundle)} (broken link)" for p in bundle.rglob("*") if not p.exists()]
    if leftovers:
        raise SystemExit(
            "the bundle still holds what it should not:\n  " + "\n  ".join(sorted(leftovers)[:30])
        )
    for needed in ("_internal/resources/translations/microstation_zh_CN.qm", "_internal/resources/fonts"):
        if not (bundle / needed).exists():
            raise SystemExit(f"the bundle lacks {needed}")


# -- Linux: the .deb -------------------------------------------------------------------------------------------------
def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def system_libraries(bundle: Path) -> set[str]:
    """Paths of the libraries outside the bundle that its programs and libraries load."""
    files = elf_files(bundle)
    search = sorted({str(f.parent) for f in files})
    env = {**os.environ, "LD_LIBRARY_PATH": os.pathsep.join(search)}
    inside = str(bundle.resolve())
    found: set[str] = set()
    missing: set[str] = set()
    for file in files:
        result = subprocess.run(["ldd", str(file)], capture_output=True, text=True, env=env, check=False)
        for line in result.stdout.splitlines():
            if "=> not found" in line:
                missing.add(f"{line.split()[0]} (needed by {file.relative_to(bundle)})")
            elif "=>" in line and "/" in line:
                target = line.split("=>", 1)[1].split("(", 1)[0].strip()
                if target and not str(Path(target).resolve()).startswith(inside):
                    found.add(target)
    if missing:
        raise SystemExit("libraries not found on this build machine:\n  " + "\n  ".join(sorted(missing)))
    return found


def owning_packages(paths: Iterable[str]) -> dict[str, str]:
    """The Debian package of each library (one dpkg -S per spelling: merged /usr lists files under /lib)."""
    owners: dict[str, str] = {}
    spellings = [
        lambda p: p,
        lambda p: str(Path(p).resolve()),
        lambda p: re.sub(r"^/usr(?=/lib)", "", str(Path(p).resolve())),
    ]
    for spell in spellings:
        todo = {spell(path): path for path in sorted(paths) if path not in owners}
        if not todo:
            break
        result = subprocess.run(["dpkg", "-S", *todo], capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            packages, _, file = line.partition(": ")
            if file in todo:
                owners[todo[file]] = packages.split(",")[0].split(":")[0].strip()
    unowned = sorted(set(paths) - set(owners))
    if unowned:
        raise SystemExit(
            "no Debian package owns these, so they cannot be declared:\n  " + "\n  ".join(unowned)
        )
    return owners


def dependency_closure(packages: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(packages)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Depends}, ${Pre-Depends}, ${Provides}", name],
            capture_output=True,
            text=True,
            check=False,
        )
        for alternative in re.split(r"[,|]", result.stdout):
            dep = re.sub(r"\(.*?\)|:\w+", "", alternative).strip()
            if dep and dep not in seen:
                todo.append(dep)
    return seen


def declared_depends() -> list[str]:
    lines = (INSTALLER / "linux" / "depends.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def check_depends(bundle: Path, declared: list[str]) -> None:
    owners = owning_packages(system_libraries(bundle))
    covered = dependency_closure(declared)
    uncovered = sorted({f"{pkg} ({lib})" for lib, pkg in owners.items() if pkg not in covered})
    if uncovered:
        raise SystemExit(
            "the bundle links system libraries whose packages installer/linux/depends.txt does not declare:\n  "
            + "\n  ".join(uncovered)
        )
    log(f"system libraries: {len(owners)}, from {len(set(owners.values()))} packages, all declared")


def normalise_modes(tree: Path) -> None:
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        executable = path.is_dir() or path.stat().st_mode & 0o111
        path.chmod(0o755 if executable else 0o644)


def build_deb(bundle: Path, dist: Path, work: Path, version: str) -> Path:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout
    arch = arch.strip()
    declared = declared_depends()
    check_depends(bundle, declared)
    tree = work / "deb" / f"{APP}_{version}_{arch}"
    shutil.rmtree(tree, ignore_errors=True)
    linux = INSTALLER / "linux"
    shutil.copytree(bundle, tree / "opt" / APP, symlinks=True)
    share = tree / "usr" / "share"
    placed = {
        linux / APP: tree / "usr" / "bin" / APP,
        linux / f"{APP}.desktop": share / "applications" / f"{APP}.desktop",
        ROOT / "resources" / "icons" / "app.svg": share
        / "icons"
        / "hicolor"
        / "scalable"
        / "apps"
        / f"{APP}.svg",
        linux / "copyright": share / "doc" / APP / "copyright",
    }
    for source, target in placed.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    normalise_modes(tree)
    files = [f for f in tree.rglob("*") if f.is_file() and not f.is_symlink()]
    installed_kib = sum(-(-f.stat().st_size // 1024) for f in files)
    control = (linux / "control.in").read_text(encoding="utf-8")
    for key, value in {
        "@VERSION@": version,
        "@ARCH@": arch,
        "@INSTALLED_SIZE@": str(installed_kib),
        "@DEPENDS@": ", ".join(declared),
    }.items():
        control = control.replace(key, value)
    (tree / "DEBIAN").mkdir(mode=0o755)
    (tree / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    deb = dist / f"{APP}_{version}_{arch}.deb"
    deb.unlink(missing_ok=True)
    subprocess.run(
        # zstd: 4 s here against 100-200 s for xz, 60 MiB against 50; dpkg reads it since 1.21.18 (Debian 12,
        # Ubuntu 22.04), which the library names of depends.txt need anyway
        ["dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--build", str(tree), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(tree)
    return deb


# -- Windows: Inno Setup -------------------------------------------------------------------------------------------
def find_iscc() -> Path | None:
    found = shutil.which("ISCC")
    if found:
        return Path(found)
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        candidate = Path(base or "C:/") / "Inno Setup 6" / "ISCC.exe"
        if candidate.is_file():
            return candidate
    return None


def build_windows_installer(dist: Path, stage: Path) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        log("Inno Setup 6 (ISCC.exe) not found: install it and run ISCC installer\\windows\\microstation.iss")
        return None
    script = INSTALLER / "windows" / f"{APP}.iss"
    defines = [f"/DDistDir={dist}", f"/DStageDir={stage}"]
    subprocess.run([str(iscc), "/Q", *defines, f"/O{dist}", str(script)], check=True)
    return max(dist.glob(f"{APP}-*-setup.exe"), key=lambda p: p.stat().st_mtime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle and package go")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build", help="PyInstaller's and the stage's folder"
    )
    parser.add_argument("--no-package", action="store_true", help="only the bundle (no .deb / setup.exe)")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    started = time.monotonic()
    version = read_version()
    log(f"microstation {version}, Python {sys.version.split()[0]}, {sys.platform}")
    stage = work / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    compile_translations(stage)
    make_icons(stage)
    write_version_info(stage, version)
    bundle = build_bundle(dist, work, stage, version, args.clean)
    check_bundle(bundle)
    log(f"bundle: {bundle} ({mib(folder_size(bundle))} unpacked) after {time.monotonic() - started:.0f} s")
    if not args.no_package:
        package = build_windows_installer(dist, stage) if WINDOWS else build_deb(bundle, dist, work, version)
        if package is not None:
            log(f"package: {package} ({mib(package.stat().st_size)})")
    log(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
