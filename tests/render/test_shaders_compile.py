"""Every shader pair in shaders/ compiles and links offscreen; a broken one is caught."""

from pathlib import Path

import pytest
from panda3d.core import Shader

from game.render.shader_files import SHADER_DIR, load_shader, shader_names, with_defines

pytestmark = pytest.mark.render

BROKEN_FRAGMENT = Path(__file__).with_name("broken.frag")


def prepare(showbase, shader: Shader):
    """Compile and link ``shader`` on the window's GSG now; None when that failed."""
    gsg = showbase.win.gsg
    return shader.prepare_now(gsg.prepared_objects, gsg)


def test_the_shaders_we_ship_are_found():
    assert {"fiber_wall", "axoplasm_filament"} <= set(shader_names())


@pytest.mark.parametrize("name", shader_names())
def test_shader_compiles_and_links(showbase, name):
    shader = load_shader(name)
    assert prepare(showbase, shader) is not None, f"shaders/{name}.vert/.frag failed to compile"
    assert not shader.get_error_flag()


@pytest.mark.parametrize("name", shader_names())
def test_shader_files_start_with_version_and_a_header_comment(name):
    for stage in ("vert", "frag"):
        lines = (SHADER_DIR / f"{name}.{stage}").read_text(encoding="utf-8").splitlines()
        assert lines[0] == "#version 330"
        assert lines[1].startswith(f"// {name}.{stage}:"), "header comment says what it draws"


def test_a_broken_shader_fails_to_compile(showbase):
    vertex = (SHADER_DIR / "fiber_wall.vert").read_text(encoding="utf-8")
    fragment = BROKEN_FRAGMENT.read_text(encoding="utf-8")
    shader = Shader.make(Shader.SL_GLSL, vertex=vertex, fragment=fragment)
    assert prepare(showbase, shader) is None
    assert shader.get_error_flag()


def test_defines_go_after_the_version_line_and_keep_line_numbers():
    source = "#version 330\nvoid main() {}\n"
    out = with_defines(source, {"N_LAYERS": 2}).splitlines()
    assert out[:3] == ["#version 330", "#define N_LAYERS 2", "#line 2"]
    assert out[3] == "void main() {}"
