(** * The derivative of the Hadamard product, against MathComp-Analysis's Jacobian

    MathComp-Analysis defines the Jacobian of [f : 'rV[R]_n.+1 -> 'rV[R]_m.+1] at [p] as
    [jacobian f p := lin1_mx ('d f p)] (notation ['J f p]): the matrix of the differential
    acting on row vectors, so ['J f p] is (input dimension) x (output dimension), entry
    (i, j) the derivative of output j along input i. That is the denominator layout, by
    construction. Here [hadamard] is the entry-wise product of two matrices of one shape
    (row vectors are the matrices with one row), and every theorem is proved against ['J]
    and ['d], the library's own definitions.

    What the theorems assume: each function is [differentiable] at the point, in the
    library's sense (Frechet: a continuous linear map approximating it to first order). This
    is the hypothesis the Lean export makes. It is stronger than the standard-library
    development's (partial derivatives exist), and it is what ['J] needs to mean the
    Jacobian: without it, ['d f p] is an arbitrary linear map. *)

Set Warnings "-notation-overridden,-ambiguous-paths".
From mathcomp Require Import all_ssreflect all_algebra.
From mathcomp.classical Require Import boolp classical_sets functions mathcomp_extra.
From mathcomp.analysis Require Import reals signed topology normedtype landau derive.
Import Order.TTheory GRing.Theory Num.Theory.
Import numFieldNormedType.Exports.
Local Open Scope ring_scope.

(** The Hadamard (entry-wise) product of two matrices of one shape; on row vectors,
    [hadamard u v = \row_i (u 0 i * v 0 i)]. *)
Definition hadamard {R : ringType} {m n : nat} (A B : 'M[R]_(m, n)) : 'M[R]_(m, n) :=
  \matrix_(i, j) (A i j * B i j).

(** ** Entries, and the differential of a matrix-valued map entry by entry

    Every rewrite below is confined to one side or one subterm, and unfolding goes through
    small entry-level lemmas: an unconfined rewrite would make the unifier compare two
    different ['J f p] terms, unfolding [lin1_mx], [mulmx] and ['d] without end. *)

Lemma hadamard_entry {R : ringType} {m n} (A B : 'M[R]_(m, n)) i j :
  hadamard A B i j = A i j * B i j.
Proof. by rewrite mxE. Qed.

Lemma diag_mx_hadamard {R : comRingType} {n} (a b : 'rV[R]_n) :
  diag_mx a *m diag_mx b = diag_mx (hadamard a b).
Proof. by apply/matrixP => i j; rewrite mul_diag_mx !mxE mulrnAr. Qed.

Lemma jacobian_entry {R : realType} {n m} (f : 'rV[R]_n.+1 -> 'rV[R]_m.+1) p i j :
  'J f p i j = 'd f p (delta_mx 0 i) 0 j.
Proof. by rewrite /jacobian /lin1_mx mxE. Qed.

Lemma mul_mx_diag_entry {R : ringType} {k l} (A : 'M[R]_(k, l)) d i j :
  (A *m diag_mx d) i j = A i j * d 0 j.
Proof. by rewrite mul_mx_diag mxE. Qed.

Lemma add_mx_entry {R : ringType} {k l} (A B : 'M[R]_(k, l)) i j : (A + B) i j = A i j + B i j.
Proof. by rewrite mxE. Qed.

Lemma differentiable_entry {R : realType} {V : normedModType R} {k l}
    {F : V -> 'M[R]_(k.+1, l.+1)} {p} i j :
  differentiable F p -> differentiable (fun z => F z i j) p.
Proof.
move=> dF.
have -> : (fun z => F z i j) = (fun M : 'M[R]_(k.+1, l.+1) => M i j) \o F by [].
exact: differentiable_comp dF (differentiable_coord _ _ _).
Qed.

Lemma diff_entry {R : realType} {V : normedModType R} {k l} {F : V -> 'M[R]_(k.+1, l.+1)} {p}
    i j v :
  differentiable F p -> 'd F p v i j = 'd (fun z => F z i j) p v.
Proof.
move=> dF.
have @c : {linear 'M[R]_(k.+1, l.+1) -> R}.
  by exists (fun M : 'M[R]_(k.+1, l.+1) => M i j); eexists; move=> ? ?; rewrite !mxE.
have -> : (fun z => F z i j) = c \o F by [].
rewrite [in RHS]diff_comp //; last exact/linear_differentiable/coord_continuous.
by rewrite [in RHS]diff_lin //; exact: coord_continuous.
Qed.

Lemma differentiable_entrywise {R : realType} {V : normedModType R} {k l}
    {F : V -> 'M[R]_(k.+1, l.+1)} {p} :
  (forall i j, differentiable (fun z => F z i j) p) -> differentiable F p.
Proof.
move=> dF.
have -> : F =
    \sum_(i < k.+1) \sum_(j < l.+1) (fun z => F z i j *: (delta_mx i j : 'M[R]_(k.+1, l.+1))).
  apply/funext => z; rewrite fct_sumE [LHS]matrix_sum_delta.
  by apply: eq_bigr => i _; rewrite fct_sumE.
apply: differentiable_sum => i; apply: differentiable_sum => j.
exact: differentiableZl.
Qed.

Lemma differentiable_hadamard {R : realType} {V : normedModType R} {k l}
    {X Y : V -> 'M[R]_(k.+1, l.+1)} {p} :
  differentiable X p -> differentiable Y p -> differentiable (fun z => hadamard (X z) (Y z)) p.
Proof.
move=> dX dY; apply: differentiable_entrywise => i j.
have -> : (fun z => hadamard (X z) (Y z) i j) = (fun z => X z i j) * (fun z => Y z i j).
  by apply/funext => z; rewrite hadamard_entry.
by apply: differentiableM; apply: differentiable_entry.
Qed.

Lemma diff_hadamard_entry {R : realType} {V : normedModType R} {k l}
    {X Y : V -> 'M[R]_(k.+1, l.+1)} {p} i j v :
  differentiable X p -> differentiable Y p ->
  'd (fun z => hadamard (X z) (Y z)) p v i j = X p i j * 'd Y p v i j + Y p i j * 'd X p v i j.
Proof.
move=> dX dY.
have E : (fun z => hadamard (X z) (Y z) i j) = (fun z => X z i j) * (fun z => Y z i j).
  by apply/funext => z; rewrite hadamard_entry.
have D := diffM (differentiable_entry i j dX) (differentiable_entry i j dY).
rewrite -E in D.
transitivity ('d (fun z => hadamard (X z) (Y z) i j) p v).
  exact: diff_entry i j v (differentiable_hadamard dX dY).
rewrite [in LHS]D.
transitivity (X p i j * 'd (fun z => Y z i j) p v + Y p i j * 'd (fun z => X z i j) p v).
  by [].
by congr (_ * _ + _ * _); exact: esym (diff_entry i j v _).
Qed.

(** Two identities of commutative rings the Leibniz steps end with. *)
Lemma leibniz_algebra {R : comRingType} (a b da db : R) : a * db + b * da = da * b + a * db.
Proof. by rewrite addrC mulrC. Qed.

Lemma leibniz3_algebra {R : comRingType} (a b c da db dc : R) :
  a * b * dc + c * (a * db + b * da) = b * c * da + a * c * db + a * b * dc.
Proof.
rewrite mulrDr [c * (a * db)]mulrA [c * a]mulrC [c * (b * da)]mulrA [c * b]mulrC.
by rewrite addrC [X in X + _ = _]addrC.
Qed.
