# lit configuration for capgate's regression tests.
#
# Substitutions (use these rather than spelling out paths):
#   %capgate-opt   opt with the plugin loaded, running only the capgate pass
#   %rustc-O0      rustc with the plugin, the flags `cargo capgate` injects,
#   %rustc-O3      and -Copt-level=0 or 3 (the latter with -Zinline-mir=no)
#   %rustc         the same rustc, without the plugin
#   %cargo-capgate the subcommand from this build
#   %dump-facts    prints the .capgate facts of an object, rlib or binary
#   %report-lines  flattens a capgate-report/1 JSON report to one fact per line
#   %exit-code CMD runs CMD, then prints "exit: N" and exits 0, so that a
#                  test can check the exact exit code
#   %python        the Python that runs lit's helper scripts
#   %plugin        the plugin library
#   %annotations   the directory of annotation files the plugin reads
#   %src_root      the source tree
#   %build_root    the CMake build tree (for cmake --install)
#   %chromium      headless Chromium, for the HTML report
#   %browser-click PROFILE URL SELECTOR...  loads URL in headless Chromium,
#                  clicks each SELECTOR's element with the mouse, prints the DOM
# Features: `cargo-capgate` when the subcommand is built; `x86_64`; `sccache`
# when sccache is installed; `chromium` when Chromium is.

import os
import platform
import shutil

import lit.formats

config.name = "capgate"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".ll", ".rs", ".test", ".toml"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = config.capgate_obj_root

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, os.path.dirname(config.rustc), config.environment.get("PATH", "")]
)
for name in ("HOME", "RUSTUP_HOME", "CARGO_HOME", "RUSTUP_TOOLCHAIN"):
    if name in os.environ:
        config.environment[name] = os.environ[name]
config.environment["RUSTC_BOOTSTRAP"] = "1"
config.environment["CAPGATE_ANNOTATIONS_DIR"] = config.capgate_annotations
# Colour codes would get in FileCheck's way.
config.environment["NO_COLOR"] = "1"
config.environment["CARGO_TERM_COLOR"] = "never"

plugin = config.capgate_plugin
analysis_flags = (
    f"-Zllvm-plugins={plugin} -Csymbol-mangling-version=v0 -Cdebuginfo=line-tables-only "
    "--edition=2021 -Ccodegen-units=1"
)
config.substitutions.append(("%capgate-opt", f"opt -load-pass-plugin={plugin} -passes=capgate"))
config.substitutions.append(("%rustc-O0", f"rustc {analysis_flags} -Copt-level=0"))
config.substitutions.append(("%rustc-O3", f"rustc {analysis_flags} -Copt-level=3 -Zinline-mir=no"))
config.substitutions.append(("%rustc", "rustc --edition=2021"))
config.substitutions.append(("%cargo-capgate", config.capgate_cli))
config.substitutions.append(
    ("%dump-facts", f"{config.python} {config.capgate_src_root}/test/lit/tools/dump-facts.py")
)
config.substitutions.append(
    ("%report-lines", f"{config.python} {config.capgate_src_root}/test/lit/tools/report-lines.py")
)
config.substitutions.append(
    ("%exit-code", f"{config.python} {config.capgate_src_root}/test/lit/tools/exit-code.py")
)
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%plugin", plugin))
config.substitutions.append(("%annotations", config.capgate_annotations))
config.substitutions.append(("%src_root", config.capgate_src_root))
config.substitutions.append(("%build_root", os.path.dirname(config.capgate_stage_dir)))

if platform.machine() in ("x86_64", "AMD64"):
    config.available_features.add("x86_64")
if os.path.exists(config.capgate_cli):
    config.available_features.add("cargo-capgate")
# A compiler cache to chain as RUSTC_WRAPPER (scripts/setup installs it).
if shutil.which("sccache"):
    config.available_features.add("sccache")
# A browser to render the HTML report in (scripts/setup installs Debian's
# chromium): %chromium runs it headless; as root it needs --no-sandbox. A test
# gives it a profile of its own with --user-data-dir.
chromium = shutil.which("chromium")
if chromium:
    config.available_features.add("chromium")
    config.substitutions.append(
        ("%chromium", f"{chromium} --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions")
    )
    config.substitutions.append(
        ("%browser-click", f"{config.python} {config.capgate_src_root}/test/lit/tools/browser-click.py {chromium}")
    )

# --- policy: capgate-policy-tool (owned by policy/) -------------------------
#   %capgate-policy-tool  the policy library's driver (check-policy, evaluate,
#                         init, import-cackle, diff, annotations)
# Feature: `capgate-policy-tool` when the driver is built.
if hasattr(config, "capgate_policy_tool"):
    config.substitutions.append(("%capgate-policy-tool", config.capgate_policy_tool))
    if os.path.exists(config.capgate_policy_tool):
        config.available_features.add("capgate-policy-tool")
# --- end policy -------------------------------------------------------------

# --- trace: capgate-trace-tool (owned by trace/) -----------------------------
#   %capgate-trace-tool  the tracing library's driver (run [--json] [--static
#                        REPORT --binary NAME | --allowed CAPS] -- PROG ARGS)
#   %trace-cc            a C compiler for the tracer's test programs
# Features: `capgate-trace-tool` when the driver is built; `ptrace` when it
# can trace a program on this host (containers may forbid ptrace); `trace-cc`
# when a C compiler is installed.
if hasattr(config, "capgate_trace_tool"):
    import shutil
    import subprocess

    config.substitutions.append(("%capgate-trace-tool", config.capgate_trace_tool))
    if os.path.exists(config.capgate_trace_tool):
        config.available_features.add("capgate-trace-tool")
        try:
            probe = subprocess.run(
                [config.capgate_trace_tool, "run", "--no-stacks", "-o", os.devnull, "--", "true"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                timeout=10,
            )
            if probe.returncode == 0:
                config.available_features.add("ptrace")
        except (OSError, subprocess.TimeoutExpired):
            pass
    trace_cc = shutil.which("cc") or shutil.which("gcc")
    if trace_cc:
        config.substitutions.append(("%trace-cc", trace_cc))
        config.available_features.add("trace-cc")
# --- end trace ---------------------------------------------------------------

# --- formats: protobuf for the Capslock format's test -------------------------
#   %protobuf-python  a Python that imports google.protobuf (Debian's
#                     python3-protobuf installs it for /usr/bin/python3, which
#                     need not be the Python lit runs under)
# Feature: `protobuf` when such a Python and protoc are both installed.
import subprocess


def python_importing(module, candidates):
    """The first of the candidate Pythons that can import the module, or None."""
    for candidate in candidates:
        if not candidate or not os.path.exists(candidate):
            continue
        probe = subprocess.run([candidate, "-c", "import " + module],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe.returncode == 0:
            return candidate
    return None


protobuf_python = shutil.which("protoc") and python_importing("google.protobuf.json_format",
                                                              (config.python, "/usr/bin/python3"))
if protobuf_python:
    config.substitutions.append(("%protobuf-python", protobuf_python))
    config.available_features.add("protobuf")
# --- end formats ---------------------------------------------------------------

# --- validation: Dask distributed for validation/sweep --dask ----------------
#   %sweep-python  a Python that imports distributed (Debian's
#                  python3-distributed installs it for /usr/bin/python3)
#   %capgate-stage the directory of this build's cargo-capgate (--stage)
# Feature: `dask` when that Python and dask-scheduler/dask-worker are installed.
config.substitutions.append(("%capgate-stage", os.path.dirname(config.capgate_cli)))
sweep_python = (shutil.which("dask-scheduler") and shutil.which("dask-worker")
                and python_importing("distributed", ("/usr/bin/python3", config.python)))
if sweep_python:
    config.substitutions.append(("%sweep-python", sweep_python))
    config.available_features.add("dask")
# --- end validation --------------------------------------------------------------
