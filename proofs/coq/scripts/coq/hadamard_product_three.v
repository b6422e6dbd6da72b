(*** component ***)
Proof. reflexivity. Qed.

(*** leibniz ***)
(* The product rule twice, on the slice through z along coordinate j. *)
Proof.
  intros $hypotheses.
  eapply has_partial_value;
    [exact (derivable_pt_lim_mult _ _ _ _ _ (derivable_pt_lim_mult _ _ _ _ _ Hx Hy) Hw) |].
  unfold mult_fct. cbv beta. rewrite update_same. ring.
Qed.

(*** matrix_form ***)
Proof.
  intros $hypotheses $entry.
  eapply has_partial_ext; [intro pt; apply $component |].
  eapply has_partial_value; [apply $leibniz; [apply Hx | apply Hy | apply Hw]; assumption |].
  entrywise.
Qed.

(*** transpose ***)
Proof. entrywise. Qed.
