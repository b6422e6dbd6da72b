(*** component ***)
Proof. exact: hadamard_entry. Qed.

(*** leibniz ***)
(* diffM on the product of entries k of X and Y. *)
Proof.
move=> $hypotheses.
have E : (fun z => hadamard (X z) (Y z) k.1 k.2) = (fun z => X z k.1 k.2 * Y z k.1 k.2).
  by apply/funext => z; rewrite hadamard_entry.
transitivity ('d (fun z => hadamard (X z) (Y z)) p v k.1 k.2).
  by rewrite [in RHS](diff_entry k.1 k.2 v (differentiable_hadamard dX dY)) E.
rewrite [LHS](diff_hadamard_entry k.1 k.2 v dX dY).
exact: leibniz_algebra.
Qed.

(*** matrix_form ***)
(* Entry (i, j) of each side is the Leibniz step. *)
Proof.
move=> $hypotheses; apply/matrixP => i j.
rewrite [RHS]add_mx_entry [X in _ = X + _]hadamard_entry [X in _ = _ + X]hadamard_entry.
rewrite [LHS](diff_hadamard_entry i j v dX dY).
exact: leibniz_algebra.
Qed.
