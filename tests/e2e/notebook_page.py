"""Drive a notebook in JupyterLab the way a person does: open it, run cells, read the page."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Locator, Page

from .lab import Lab

# Done when every code cell with code in it shows an execution count ("[3]:", not
# "[*]:" or "[ ]:") and the kernel reports idle.
_ALL_CELLS_DONE = """() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')]
    .filter(c => (c.querySelector('.jp-InputArea-editor')?.textContent || '').trim() !== '');
  const busy = document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="busy"]');
  return cells.length > 0 && !busy
    && cells.every(c => /\\[\\d+\\]/.test(c.querySelector('.jp-InputArea-prompt')?.textContent || ''));
}"""


class NotebookPage:
    def __init__(self, page: Page, lab: Lab) -> None:
        self.page = page
        self.lab = lab

    def open(self, name: str) -> NotebookPage:
        self.page.goto(self.lab.notebook_url(name))
        self.page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        if self.lab.app == "lab":
            # attached, not visible: a narrow window folds the indicator into the toolbar's overflow menu
            self.page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(
                state="attached", timeout=90_000
            )
        else:  # Notebook 7 shows the kernel state as text in its header
            self.page.locator(".jp-NotebookKernelStatus, [data-status='idle'], .jp-KernelStatus").first.wait_for(
                timeout=90_000
            )
        return self

    def run_all(self, timeout: float = 180_000) -> None:
        """Run > Run All Cells, then wait until every cell has finished."""
        # The menu acts on the focused notebook: focus it first, as a person's click would.
        self.page.locator(".jp-Notebook .jp-Cell").first.locator(".jp-InputArea-prompt").click()
        self.page.get_by_role("menuitem", name="Run", exact=True).click()
        item = self.page.get_by_role("menuitem", name="Run All Cells", exact=True)
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.lm-Menu-item')].some(i => i.textContent.includes('Run All Cells')"
            " && i.getAttribute('aria-disabled') !== 'true')"
        )
        item.click()
        started = self.page.locator(".jp-Notebook .jp-CodeCell .jp-InputArea-prompt").first.filter(
            has_text=re.compile(r"\[(\*|\d+)\]")
        )
        for _ in range(3):  # a click that lands while the lab is still settling is sometimes lost: retry
            try:
                started.wait_for(timeout=10_000)
                break
            except Exception:
                self.page.keyboard.press("Escape")
                self.page.get_by_role("menuitem", name="Run", exact=True).click()
                item.click()
        self.wait_idle(timeout)
        self.assert_no_errors()

    def wait_idle(self, timeout: float = 120_000) -> None:
        self.page.wait_for_timeout(300)  # let the run request reach the kernel
        try:
            self.page.wait_for_function(_ALL_CELLS_DONE, timeout=timeout)
        except Exception as exc:
            prompts = self.page.locator(".jp-Notebook .jp-CodeCell .jp-InputArea-prompt").all_text_contents()
            shot = self.lab.root.parent / "timeout.png"
            self.page.screenshot(path=str(shot))
            raise AssertionError(f"cells did not finish: prompts {prompts}; screenshot {shot}") from exc

    def run_code(self, code: str, timeout: float = 60_000) -> Locator:
        """Append a code cell at the end, run it, and return its output area."""
        cells = self.page.locator(".jp-Notebook .jp-Cell")
        cells.last.locator(".jp-InputArea-prompt").click()
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")  # command mode: insert a cell below
        self.page.keyboard.press("Enter")
        self.page.keyboard.insert_text(code)  # no key events: no auto-indent surprises
        self.page.keyboard.press("Shift+Enter")
        self.wait_idle(timeout)
        self.assert_no_errors()
        return cells.nth(cells.count() - 2).locator(".jp-OutputArea")

    def kernel_value(self, expression: str) -> Any:
        """Evaluate ``expression`` in the notebook's kernel (through a new cell) and return it as JSON."""
        out = self.run_code(f"import json as _j; print('@@' + _j.dumps({expression}, default=str))")
        text = out.locator(".jp-OutputArea-output").last.text_content() or ""
        return json.loads(text.strip()[2:])

    def kernel_value_when(self, expression: str, check: Callable[[Any], bool], timeout: float = 20.0) -> Any:
        """``kernel_value`` once ``check`` holds (a page edit reaches the kernel a moment after the page shows it).

        Returns the last value either way, so the caller's assert shows what the kernel held.
        """
        deadline = time.monotonic() + timeout
        value = self.kernel_value(expression)
        while not check(value) and time.monotonic() < deadline:
            self.page.wait_for_timeout(250)
            value = self.kernel_value(expression)
        return value

    def assert_no_errors(self) -> None:
        errors = self.page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        tracebacks = [e for e in errors.all_inner_texts() if "Traceback" in e or "Error" in e]
        assert not tracebacks, f"a cell failed:\n{tracebacks[0]}"

    def shutdown_kernels(self) -> None:
        """Stop every kernel of the server, so tests don't share state."""
        with urllib.request.urlopen(f"{self.lab.url}/api/sessions") as response:
            sessions = json.load(response)
        for session in sessions:
            request = urllib.request.Request(f"{self.lab.url}/api/sessions/{session['id']}", method="DELETE")
            urllib.request.urlopen(request).close()
