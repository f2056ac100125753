"""The product computes kappa and alpha itself: the agreement path never imports
scikit-learn (~0.9 s) or krippendorff, which are the tests' oracle only."""

import subprocess
import sys

from tests.conftest import ROOT


def test_agreement_figures_do_not_import_the_oracle_libraries():
    code = (
        "import sys, numpy as np\n"
        "from app.review import metrics\n"
        "m = np.array([[5, 1], [2, 7]])\n"
        "assert metrics.cohen_kappa(m) is not None and metrics.krippendorff_alpha(m) is not None\n"
        "metrics.kappa_batch(m[None]); metrics.alpha_batch(m[None])\n"
        "print(sorted(n for n in ('sklearn', 'krippendorff') if n in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
