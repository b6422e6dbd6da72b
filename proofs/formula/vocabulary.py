r"""What check-formula and check-doc read, in words: the text ``--help`` prints.

Kept beside the grammar it describes; the tests read every example here back through it.
"""

from __future__ import annotations

__all__ = ["CHECK_DOC_HELP", "CHECK_FORMULA_HELP", "EXAMPLES"]

EXAMPLES: tuple[tuple[str, int], ...] = (
    ("dy_dz @ diag(x) + dx_dz @ diag(y)", 0),
    ("dy_dz * x + dx_dz * y", 0),
    ("diag(x) @ dy_dz + diag(y) @ dx_dz", 1),
    ("∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)", 0),
    ("d(X ⊙ Y) = dX ⊙ Y + X ⊙ dY", 0),
    (r"\frac{\partial (u \odot v)}{\partial w} = J_v \mathrm{diag}(u) + J_u \mathrm{diag}(v)", 0),
    (r"\frac{\partial (w \odot x)}{\partial x} = \mathrm{diag}(w)", 0),
    (r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x \odot y)} \odot y", 0),
)
"""(formula, exit status in the denominator layout): the examples the help shows."""

CHECK_FORMULA_HELP = r"""
what EXPR may be
  plain (numpy's conventions when it uses @, *, .T or np.: vectors 1-D, * broadcasts):
    dy_dz @ diag(x) + dx_dz @ diag(y)       Jacobians d<f>_d<z>; diag, np.diag; @ * .T O
    dy_dz * x + dx_dz * y                   * broadcasts as numpy does
    ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)    the README's Unicode forms, lhs = rhs
    d(X ⊙ Y) = dX ⊙ Y + X ⊙ dY               differentials dX, ∂X (tangents tX)
  LaTeX (--latex, or any backslash or $):
    derivatives  \frac{\partial y}{\partial z} (\dfrac, \tfrac, \frac{d y}{d z}),
                 \partial y / \partial z, J_y, J[y], J_{\boldsymbol y}(\boldsymbol z),
                 \partial_z y; \partial y/\partial z^\top has the numerator's shape and
                 \nabla_z y the gradient's (the denominator's), in either layout
    differentials d, \mathrm{d}, {\rm d}, \partial, \dot{x}
    products     \odot, \circ, \cdot_{\text{Hadamard}} (element-wise); juxtaposition and
                 \cdot (matrix); \otimes only with --otimes-hadamard (else it is Kronecker)
    diag         \mathrm{diag}, \operatorname{Diag}, {\rm diag}, \mbox{diag}, \diag,
                 \boldsymbol{D}_x; x \mathbf{1}^\top \odot A for diag(x) A
    entries      (x \odot y)_i = x_i y_i;  \frac{\partial (x_i y_i)}{\partial z_j} = ...
    ignored      \left \right (any bracket), \, \; \quad, \tag, \label, $ $$ \[ \],
                 \{ \}, a final . or ,; aligned/align rows (each = is checked)
forms
  ∂(u ⊙ v)/∂w with two or more factors; with respect to a factor, ∂(w ⊙ x)/∂x; the
  differential d(X ⊙ Y) of arrays of any shape; a Jacobian-vector product J v; the gradient
  ∂L/∂x = ∂L/∂(x ⊙ y) ⊙ y; entries; a constant factor (--constant x); σ or φ for any
  element-wise function, ∂σ(z)/∂z = diag(σ'(z)). Names come from the left-hand side;
  without one, from the derivatives on the right (x, y and z otherwise).
exit status
  0 the formula holds, 1 it fails, 2 unreadable, outside the vocabulary, or not a form of
  the rule (one line on stderr naming the token and why)
"""

CHECK_DOC_HELP = r"""
documents
  Markdown (and MyST), LaTeX, reStructuredText, HTML, Jupyter notebooks, plain text with TeX
  math; the format comes from the suffix (--input-format to say it); a directory is every
  document under it. Inline and display math
  and equation/align environments are read; math that is not about the rule is skipped and
  counted. The layout is the one the document declares ("denominator layout", "numerator
  layout", "Jacobian formulation"); --layout overrides it.
markers (in a comment: <!-- … -->, % …, .. …)
  hadamard: skip | hadamard: check        the next formula
  hadamard: layout=numerator              from here on
  hadamard: constant=x                    x does not depend on the variable, next formula
exit status
  0 every checked formula holds, 1 one fails, 2 unreadable input (one line per file)
"""
