"""Loads the GLSL shader pairs in ``shaders/`` (``<name>.vert`` + ``<name>.frag``).

``#define`` lines can be injected after the ``#version`` line, followed by ``#line 2`` so
that the compiler's error messages still point at the file's own line numbers (the way
panda3d-simplepbr does it).
"""

from pathlib import Path

from panda3d.core import Shader

from game import REPO_ROOT

SHADER_DIR = REPO_ROOT / "shaders"


def shader_names(directory: Path = SHADER_DIR) -> list[str]:
    """Names of the complete vertex + fragment pairs in ``directory``."""
    return sorted(p.stem for p in directory.glob("*.vert") if p.with_suffix(".frag").exists())


def with_defines(source: str, defines: dict[str, str | int | float]) -> str:
    """``source`` with ``#define NAME value`` lines inserted after its ``#version`` line."""
    if not defines:
        return source
    first, _, rest = source.partition("\n")
    if not first.startswith("#version"):
        raise ValueError("a shader must start with its #version line")
    lines = [f"#define {name} {value}" for name, value in defines.items()]
    return "\n".join([first, *lines, "#line 2", rest])


def load_shader(
    name: str,
    *,
    defines: dict[str, str | int | float] | None = None,
    directory: Path = SHADER_DIR,
) -> Shader:
    """The shader pair ``name`` from ``directory``; raises FileNotFoundError naming the file."""
    sources = {}
    for stage in ("vert", "frag"):
        path = directory / f"{name}.{stage}"
        if not path.is_file():
            raise FileNotFoundError(f"shader file missing: {path}")
        sources[stage] = with_defines(path.read_text(encoding="utf-8"), defines or {})
    shader = Shader.make(Shader.SL_GLSL, vertex=sources["vert"], fragment=sources["frag"])
    if shader is None:
        raise ValueError(f"shaders/{name}: Panda3D could not parse the shader source")
    return shader
