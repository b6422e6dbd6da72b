(*** component ***)
Proof. exact: hadamard_entry. Qed.

(*** leibniz ***)
(* diffM on the product of coordinates, read back as entries of ['J]. *)
Proof.
move=> $hypotheses.
have E : (fun z => hadamard (x z) (y z) 0 i) = (fun z => x z 0 i * y z 0 i).
  by apply/funext => z; rewrite hadamard_entry.
transitivity ('d (fun z => hadamard (x z) (y z)) p (delta_mx 0 j) 0 i).
  by rewrite [in RHS](diff_entry 0 i (delta_mx 0 j) (differentiable_hadamard dx dy)) E.
rewrite [LHS](diff_hadamard_entry 0 i (delta_mx 0 j) dx dy).
by congr (_ * _ + _ * _); exact: esym (jacobian_entry _ _ j i).
Qed.

(*** matrix_form.denominator ***)
(* Entry (i, j): the differential along the basis vector i, coordinate j. *)
Proof.
move=> $hypotheses; apply/matrixP => i j.
rewrite [RHS]add_mx_entry [X in _ = X + _]mul_mx_diag_entry [X in _ = _ + X]mul_mx_diag_entry.
transitivity ('d (fun z => hadamard (x z) (y z)) p (delta_mx 0 i) 0 j).
  exact: jacobian_entry.
rewrite [LHS](diff_hadamard_entry 0 j (delta_mx 0 i) dx dy).
rewrite [X in X + _ = _]mulrC [X in _ + X = _]mulrC.
by congr (_ * _ + _ * _); exact: esym (jacobian_entry _ _ i j).
Qed.

(*** matrix_form.numerator ***)
(* The denominator form, transposed: the link between the two layouts. *)
Proof.
move=> $hypotheses; rewrite [in LHS]($denominator _ _ _ _ _ _ dx dy).
move: ('J x p) ('J y p) => Jx Jy.
by rewrite linearD /= !trmx_mul !tr_diag_mx.
Qed.

(*** constant_x_denominator ***)
Proof.
move=> $hypotheses.
rewrite [LHS]($matrix_form _ _ _ _ _ _ dx dy) [X in _ + X *m _ = _]Hx.
by rewrite [X in _ + X = _]mul0mx addr0.
Qed.
