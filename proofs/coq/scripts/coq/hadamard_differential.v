(*** component ***)
Proof. reflexivity. Qed.

(*** leibniz ***)
(* The product rule for one real variable, along the path t |-> z + t h. *)
Proof.
  intros $hypotheses.
  eapply has_directional_value; [exact (derivable_pt_lim_mult _ _ _ _ _ HX HY) |].
  cbv beta. rewrite shift_zero. ring.
Qed.

(*** matrix_form ***)
(* Entry k of each side is the Leibniz step. *)
Proof.
  intros $hypotheses k.
  eapply has_directional_ext; [intro pt; apply $component |].
  eapply has_directional_value; [apply $leibniz; [apply HX | apply HY] |].
  reflexivity.
Qed.
