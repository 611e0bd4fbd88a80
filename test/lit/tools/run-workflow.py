"""Runs the `run:` steps of a GitHub Actions workflow here, in order, as the
runner would, so that a test can check the commands a documented workflow
gives its users.

    run-workflow.py WORKFLOW --event pull_request|push [--base REV]
                    --runner-temp DIR [--path-of PROGRAM]... [--skip-step NAME]...
                    [--expect-failure NAME]

The current directory is the workspace (GITHUB_WORKSPACE), a git
repository at the commit under test; --base names the base branch's
commit of a pull request. Each job's steps run in the order written:

- a `uses:` step of an action that only exists on GitHub (checkout, cache,
  upload-sarif) is skipped; any other action is an error, since its effect
  cannot be reproduced here;
- a `run:` step named by --skip-step (the runner's own installation steps)
  is skipped; every --skip-step must name a step, so a renamed step is
  noticed, and every other `run:` step must run `cargo capgate`, so that a
  new step that prepares the runner (installs packages, changes the
  system) is not run here by mistake;
- every other `run:` step runs with the workflow's shell, environment and
  `${{ }}` expressions, GITHUB_OUTPUT, GITHUB_ENV and GITHUB_PATH as on
  GitHub; its `if:` decides whether it runs.

The directories of the --path-of programs come first on PATH (the capgate
under test), and
GIT_CONFIG_GLOBAL is a file under --runner-temp, so that a step's
`git config --global` stays out of the user's own configuration.

Exits 0 when every step that ran succeeded, or, with --expect-failure, when
exactly the named step failed; 1 otherwise; 2 when the workflow uses
something this script cannot reproduce.
"""
import argparse
import os
import re
import subprocess
import sys

import yaml

GITHUB_ONLY_ACTIONS = {
    "actions/checkout": "checks out a repository; here the workspace is the current directory",
    "actions/cache": "GitHub's cache; here the workspace's own build stands in for a restored one",
    "github/codeql-action/upload-sarif": "uploads to GitHub code scanning",
}


class Unsupported(Exception):
    """The workflow uses something this script cannot reproduce."""


# --- ${{ }} expressions ---------------------------------------------------

TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>\d+(?:\.\d+)?)"
    r"|(?P<operator>==|!=|&&|\|\||!|\(|\)|,)|(?P<name>[A-Za-z_][A-Za-z0-9_.-]*))"
)


def tokenize(text):
    tokens, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = TOKEN.match(text, position)
        if not match:
            raise Unsupported(f"cannot read the expression `{text}` at `{text[position:]}`")
        position = match.end()
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
    return tokens


class Expression:
    """A recursive-descent reader for the part of GitHub's expression
    language a workflow's conditions use: contexts, strings, numbers,
    ==, !=, &&, ||, !, parentheses and the status functions."""

    def __init__(self, text, contexts, status):
        self.text = text
        self.tokens = tokenize(text)
        self.position = 0
        self.contexts = contexts
        self.status = status

    def evaluate(self):
        value = self.disjunction()
        if self.position != len(self.tokens):
            raise Unsupported(f"cannot read the expression `{self.text}`")
        return value

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else (None, None)

    def take(self, operator):
        if self.peek() == ("operator", operator):
            self.position += 1
            return True
        return False

    def disjunction(self):
        value = self.conjunction()
        while self.take("||"):
            right = self.conjunction()
            value = value if truthy(value) else right
        return value

    def conjunction(self):
        value = self.comparison()
        while self.take("&&"):
            right = self.comparison()
            value = right if truthy(value) else value
        return value

    def comparison(self):
        value = self.unary()
        while True:
            if self.take("=="):
                value = loosely_equal(value, self.unary())
            elif self.take("!="):
                value = not loosely_equal(value, self.unary())
            else:
                return value

    def unary(self):
        if self.take("!"):
            return not truthy(self.unary())
        return self.primary()

    def primary(self):
        kind, text = self.peek()
        self.position += 1
        if kind == "string":
            return text[1:-1].replace("''", "'")
        if kind == "number":
            return float(text)
        if (kind, text) == ("operator", "("):
            value = self.disjunction()
            if not self.take(")"):
                raise Unsupported(f"unbalanced parentheses in `{self.text}`")
            return value
        if kind == "name":
            if text in ("true", "false"):
                return text == "true"
            if text == "null":
                return None
            if self.take("("):
                if not self.take(")"):
                    raise Unsupported(f"`{text}(...)` with arguments in `{self.text}`")
                return self.call(text)
            return self.lookup(text)
        raise Unsupported(f"cannot read the expression `{self.text}`")

    def call(self, function):
        failed = self.status["failed"]
        if function == "success":
            return not failed
        if function == "failure":
            return failed
        if function in ("always", "cancelled"):
            return function == "always"
        raise Unsupported(f"the function `{function}()` in `{self.text}`")

    def lookup(self, path):
        parts = path.split(".")
        if parts[0] not in self.contexts:
            raise Unsupported(f"the context `{parts[0]}` in `{self.text}`")
        value = self.contexts[parts[0]]
        for part in parts[1:]:
            value = value.get(part) if isinstance(value, dict) else None
        return value


def truthy(value):
    return value not in (None, False, 0, 0.0, "")


def loosely_equal(left, right):
    # GitHub compares strings case-insensitively and otherwise by value.
    if isinstance(left, str) and isinstance(right, str):
        return left.lower() == right.lower()
    return left == right


def evaluate(text, contexts, status):
    return Expression(text, contexts, status).evaluate()


def substitute(text, contexts, status):
    """Replaces each ${{ expression }} in a string by its value."""

    def value(match):
        result = evaluate(match.group(1), contexts, status)
        if result is None:
            return ""
        if isinstance(result, bool):
            return "true" if result else "false"
        return str(result)

    return re.sub(r"\$\{\{(.*?)\}\}", value, str(text))


def condition(text, contexts, status):
    """An `if:` as GitHub reads it: without ${{ }} it is an expression, and
    without a status function it runs only after success."""
    text = str(text).strip()
    whole = re.fullmatch(r"\$\{\{(.*)\}\}", text, re.S)
    if whole:
        text = whole.group(1)
    if not re.search(r"\b(success|failure|always|cancelled)\(", text):
        text = f"success() && ({text})"
    return truthy(evaluate(text, contexts, status))


# --- the runner's files -----------------------------------------------------


def read_assignments(path):
    """NAME=value lines and NAME<<DELIMITER blocks, as GitHub reads
    GITHUB_OUTPUT and GITHUB_ENV."""
    values = {}
    if not os.path.exists(path):
        return values
    lines = open(path).read().split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            while index < len(lines) and lines[index] != delimiter:
                block.append(lines[index])
                index += 1
            index += 1
            values[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise Unsupported(f"cannot read the line `{line}` of {path}")
    return values


def shell_command(shell, script_path):
    # GitHub's commands for `shell: bash` and for no shell at all.
    if shell == "bash":
        return ["bash", "--noprofile", "--norc", "-eo", "pipefail", script_path]
    if shell is None:
        return ["bash", "-e", script_path]
    raise Unsupported(f"the shell `{shell}`")


# --- the workflow -----------------------------------------------------------


def triggers(workflow):
    # YAML 1.1 reads the key `on` as true.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on}
    return set(on or [])


def step_name(step, number):
    return step.get("name") or step.get("uses") or f"step {number}"


def git(*arguments):
    return subprocess.run(["git", *arguments], check=True, capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workflow")
    parser.add_argument("--event", required=True, choices=["push", "pull_request"])
    parser.add_argument("--base", help="the pull request's base commit")
    parser.add_argument("--runner-temp", required=True)
    parser.add_argument("--path-of", action="append", default=[])
    parser.add_argument("--skip-step", action="append", default=[])
    parser.add_argument("--expect-failure")
    options = parser.parse_args()

    workflow = yaml.safe_load(open(options.workflow))
    if options.event not in triggers(workflow):
        raise Unsupported(f"the workflow does not run on `{options.event}`")
    if options.event == "pull_request" and not options.base:
        parser.error("--base is required for a pull_request")

    workspace = os.getcwd()
    temp = os.path.abspath(options.runner_temp)
    os.makedirs(temp, exist_ok=True)
    github = {
        "event_name": options.event,
        "workspace": workspace,
        "sha": git("rev-parse", "HEAD"),
        "repository": "capgate/ci-test",
        "event": {},
    }
    if options.base:
        github["event"] = {"pull_request": {"base": {"sha": git("rev-parse", options.base)}}}
    contexts = {
        "github": github,
        "runner": {"os": "Linux", "temp": temp},
        "vars": {},
        "env": {},
        "steps": {},
    }
    status = {"failed": False}

    paths = [os.path.dirname(os.path.abspath(program)) for program in options.path_of]
    environment = dict(os.environ)
    environment.update(
        {
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": options.event,
            "GITHUB_WORKSPACE": workspace,
            "GITHUB_SHA": github["sha"],
            "RUNNER_OS": "Linux",
            "RUNNER_TEMP": temp,
            "GIT_CONFIG_GLOBAL": os.path.join(temp, "gitconfig"),
        }
    )
    # The `env` context holds what the workflow sets, not the whole
    # environment.
    declared = {}
    for name, value in (workflow.get("env") or {}).items():
        declared[name] = substitute(value, {**contexts, "env": declared}, status)

    # The whole workflow is checked before any step runs, so that a step it
    # cannot reproduce, or a mistaken --skip-step, runs nothing.
    skips = set(options.skip_step)
    run_step_names = set()
    for job_name, job in (workflow.get("jobs") or {}).items():
        for key in ("if", "strategy", "needs", "services"):
            if key in job:
                raise Unsupported(f"{job_name}: the job's `{key}`")
        for number, step in enumerate(job.get("steps") or [], 1):
            label = f"{job_name}: {step_name(step, number)}"
            if "uses" in step:
                if step["uses"].split("@")[0] not in GITHUB_ONLY_ACTIONS:
                    raise Unsupported(f"{label}: the action `{step['uses']}` cannot be reproduced here")
            elif "run" in step:
                run_step_names.add(step_name(step, number))
                if step_name(step, number) not in skips and not re.search(r"\bcargo capgate\b", step["run"]):
                    raise Unsupported(
                        f"{label}: runs no `cargo capgate` command; if it only prepares GitHub's runner, "
                        "name it with --skip-step"
                    )
            else:
                raise Unsupported(f"{label}: a step with neither `uses` nor `run`")
    unknown_skips = skips - run_step_names
    if unknown_skips:
        raise Unsupported("no run step is named " + ", ".join(f"`{name}`" for name in sorted(unknown_skips)))

    failed_steps = []
    ran_any = False
    for job_name, job in (workflow.get("jobs") or {}).items():
        status = {"failed": False}
        contexts["steps"] = {}
        job_declared = dict(declared)
        for name, value in (job.get("env") or {}).items():
            job_declared[name] = substitute(value, {**contexts, "env": job_declared}, status)
        shell = ((job.get("defaults") or {}).get("run") or {}).get("shell")
        for number, step in enumerate(job.get("steps") or [], 1):
            name = step_name(step, number)
            label = f"{job_name}: {name}"
            if "uses" in step:
                print(f"skipped {label} ({GITHUB_ONLY_ACTIONS[step['uses'].split('@')[0]]})", flush=True)
                continue
            if name in skips:
                print(f"skipped {label} (--skip-step)", flush=True)
                continue
            step_contexts = {**contexts, "env": job_declared}
            if "if" in step and not condition(step["if"], step_contexts, status):
                print(f"skipped {label} (if: {step['if']})", flush=True)
                continue
            if "if" not in step and status["failed"]:
                print(f"skipped {label} (an earlier step failed)", flush=True)
                continue

            step_declared = dict(job_declared)
            for key, value in (step.get("env") or {}).items():
                step_declared[key] = substitute(value, step_contexts, status)
            step_contexts["env"] = step_declared
            step_environment = {**environment, **step_declared}
            outputs = os.path.join(temp, f"output-{number}")
            open(outputs, "w").close()
            environment_file = os.path.join(temp, f"env-{number}")
            open(environment_file, "w").close()
            path_file = os.path.join(temp, f"path-{number}")
            open(path_file, "w").close()
            step_environment.update(
                {"GITHUB_OUTPUT": outputs, "GITHUB_ENV": environment_file, "GITHUB_PATH": path_file}
            )
            step_environment["PATH"] = os.pathsep.join(paths + [step_environment.get("PATH", "")])
            script = substitute(step["run"], step_contexts, status)
            script_path = os.path.join(temp, f"step-{number}.sh")
            with open(script_path, "w") as file:
                file.write(script)
            directory = os.path.join(workspace, step.get("working-directory", ""))

            print(f"run {label}", flush=True)
            for line in script.rstrip("\n").split("\n"):
                print(f"  | {line}", flush=True)
            ran_any = True
            result = subprocess.run(
                shell_command(step.get("shell", shell), script_path), cwd=directory, env=step_environment
            )
            sys.stdout.flush()
            outcome = "success" if result.returncode == 0 else "failure"
            print(f"{outcome} {label} (exit {result.returncode})", flush=True)
            if "id" in step:
                contexts["steps"][step["id"]] = {"outputs": read_assignments(outputs), "outcome": outcome}
            if result.returncode != 0:
                failed_steps.append(name)
                if not step.get("continue-on-error"):
                    status["failed"] = True
            # What a step adds to GITHUB_ENV and GITHUB_PATH holds for the
            # steps after it.
            job_declared.update(read_assignments(environment_file))
            added = [line for line in open(path_file).read().split("\n") if line]
            paths = list(reversed(added)) + paths

    if not ran_any:
        raise Unsupported("no step ran")
    expected = [options.expect_failure] if options.expect_failure else []
    if failed_steps != expected:
        print(
            f"error: failed steps: {', '.join(failed_steps) or 'none'}; expected: {', '.join(expected) or 'none'}",
            file=sys.stderr,
        )
        return 1
    print("workflow: as expected", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Unsupported as problem:
        print(f"error: {problem}", file=sys.stderr)
        sys.exit(2)
