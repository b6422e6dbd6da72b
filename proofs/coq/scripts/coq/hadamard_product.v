(*** component ***)
Proof. reflexivity. Qed.

(*** leibniz ***)
(* The product rule for one real variable, on the slice through z along coordinate j. *)
Proof.
  intros $hypotheses.
  eapply has_partial_value; [exact (derivable_pt_lim_mult _ _ _ _ _ Hx Hy) |].
  cbv beta. rewrite update_same. ring.
Qed.

(*** matrix_form ***)
(* Entry by entry: the component step rewrites the entry, the Leibniz step differentiates it,
   and the entry of the right-hand side reduces to the same scalar. *)
Proof.
  intros $hypotheses $entry.
  eapply has_partial_ext; [intro pt; apply $component |].
  eapply has_partial_value; [apply $leibniz; [apply Hx | apply Hy]; assumption |].
  entrywise.
Qed.

(*** corollary ***)
(* The theorem of the corollary's layout, then its right-hand side entry by entry. *)
Proof.
  intros $hypotheses.
  eapply $ext;
    [eapply $matrix_form; eassumption | entrywise].
Qed.

(*** transpose ***)
Proof. entrywise. Qed.
