(** ** Matrices through [mxvec]

    A matrix-valued map is differentiated through its vectorisation [mxvec] (column index
    fastest), so the rule for matrices is the rule for vectors applied to [mxvec X] and
    [mxvec Y]: [mxvec] of an entry-wise product is the entry-wise product of the [mxvec]s. *)

Lemma mxvec_hadamard {R : ringType} {m n} (A B : 'M[R]_(m, n)) :
  mxvec (hadamard A B) = hadamard (mxvec A) (mxvec B).
Proof.
apply/rowP => k; case: k / (mxvec_indexP k) => i j.
by rewrite hadamard_entry !mxvecE hadamard_entry.
Qed.

Lemma differentiable_mxvec {R : realType} {V : normedModType R} {m n}
    {X : V -> 'M[R]_(m.+1, n.+1)} {p} :
  differentiable X p -> differentiable (fun z => mxvec (X z)) p.
Proof.
move=> dX; apply: differentiable_entrywise => i k.
rewrite (ord1 i); case: k / (@mxvec_indexP m.+1 n.+1 k) => a b.
have -> : (fun z => mxvec (X z) 0 (mxvec_index a b)) = (fun z => X z a b).
  by apply/funext => z; rewrite mxvecE.
exact: differentiable_entry.
Qed.

Theorem jacobian_hadamard_mxvec (R : realType) (n m l : nat)
    (X Y : 'rV[R]_n.+1 -> 'M[R]_(m.+1, l.+1)) (p : 'rV[R]_n.+1) :
  differentiable X p -> differentiable Y p ->
  'J (fun z => mxvec (hadamard (X z) (Y z))) p =
    'J (fun z => mxvec (Y z)) p *m diag_mx (mxvec (X p))
    + 'J (fun z => mxvec (X z)) p *m diag_mx (mxvec (Y p)).
Proof.
move=> dX dY.
have -> : (fun z => mxvec (hadamard (X z) (Y z))) =
    (fun z => hadamard (mxvec (X z)) (mxvec (Y z))).
  by apply/funext => z; rewrite mxvec_hadamard.
exact: jacobian_hadamard (differentiable_mxvec dX) (differentiable_mxvec dY).
Qed.
