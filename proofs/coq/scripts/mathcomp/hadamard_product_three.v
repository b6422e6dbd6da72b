(*** component ***)
Proof. by rewrite !hadamard_entry. Qed.

(*** leibniz ***)
(* The two-factor rule twice, then the entries of ['J]. *)
Proof.
move=> $hypotheses.
have dxy := differentiable_hadamard dx dy.
have E : (fun z => hadamard (hadamard (x z) (y z)) (w z) 0 i) =
    (fun z => x z 0 i * y z 0 i * w z 0 i).
  by apply/funext => z; rewrite !hadamard_entry.
transitivity ('d (fun z => hadamard (hadamard (x z) (y z)) (w z)) p (delta_mx 0 j) 0 i).
  by rewrite [in RHS](diff_entry 0 i (delta_mx 0 j) (differentiable_hadamard dxy dw)) E.
rewrite [LHS](diff_hadamard_entry 0 i (delta_mx 0 j) dxy dw).
rewrite [X in _ + _ * X = _](diff_hadamard_entry 0 i (delta_mx 0 j) dx dy).
transitivity (y p 0 i * w p 0 i * 'd x p (delta_mx 0 j) 0 i
    + x p 0 i * w p 0 i * 'd y p (delta_mx 0 j) 0 i
    + x p 0 i * y p 0 i * 'd w p (delta_mx 0 j) 0 i); last first.
  rewrite [X in _ = _ * X + _ + _](jacobian_entry x) [X in _ = _ + _ * X + _](jacobian_entry y).
  by rewrite [X in _ = _ + _ * X](jacobian_entry w).
rewrite [X in X * _ + _ = _]hadamard_entry.
exact: leibniz3_algebra.
Qed.

(*** matrix_form.denominator ***)
(* The two-factor rule twice; diag_mx a *m diag_mx b = diag_mx (hadamard a b). *)
Proof.
move=> $hypotheses.
rewrite [LHS](jacobian_hadamard _ _ _ _ _ _ (differentiable_hadamard dx dy) dw).
rewrite [X in _ + X *m _ = _](jacobian_hadamard _ _ _ _ _ _ dx dy).
move: ('J x p) ('J y p) ('J w p) => Jx Jy Jw.
rewrite mulmxDl -!mulmxA !diag_mx_hadamard.
by rewrite addrC [X in X + _ = _]addrC.
Qed.

(*** matrix_form.numerator ***)
(* The denominator form, transposed. *)
Proof.
move=> $hypotheses; rewrite [in LHS]($denominator _ _ _ _ _ _ _ dx dy dw).
move: ('J x p) ('J y p) ('J w p) => Jx Jy Jw.
by rewrite !linearD /= !trmx_mul !tr_diag_mx.
Qed.
