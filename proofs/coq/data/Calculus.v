(** * Partial derivatives, Jacobians and finite matrix products over Coq's standard Reals

    A vector is [nat -> R], a matrix is [nat -> nat -> R], and a vector field
    R^M -> R^N is [vec -> vec]; the dimensions M and N are explicit arguments of the
    predicates that mention them. The partial derivative along coordinate j is
    [derivable_pt_lim] of the slice of the field through z along that coordinate.

    What the theorems built on this file assume: x differentiable at z is read as every
    partial derivative of every component of x exists at z ([has_partial], collected
    into [has_jacobian_denominator] / [has_jacobian_numerator]), and the differential form
    assumes only directional derivatives ([has_directional], [has_differential]). Both are
    weaker than (Frechet) differentiability, which implies them, so each theorem here holds
    in particular for differentiable functions. No continuity is assumed. *)

Require Import Reals.
Require Import Lia.
Require Import FunctionalExtensionality.
Open Scope R_scope.

Definition vec : Type := nat -> R.
Definition mat : Type := nat -> nat -> R.
Definition field : Type := vec -> vec.

(** The Hadamard (element-wise) product of two arrays with entries indexed by any type [I]:
    vectors ([I = nat]), matrices ([I = nat * nat]) and tensors of any shape are instances. *)
Definition hadamard {I : Type} (u v : I -> R) : I -> R := fun k => u k * v k.

(** The entry-wise sum of two arrays indexed by [I]. *)
Definition array_add {I : Type} (u v : I -> R) : I -> R := fun k => u k + v k.

(** [sum_lt K f] is the finite sum of [f k] over k < K. *)
Fixpoint sum_lt (K : nat) (f : nat -> R) : R :=
  match K with
  | O => 0
  | S K' => sum_lt K' f + f K'
  end.

(** diag(v): v on the diagonal, 0 elsewhere. *)
Definition diag (v : vec) : mat := fun r c => if Nat.eqb r c then v r else 0.

(** The matrix product with inner dimension K: a sum over k < K. *)
Definition mat_mul (K : nat) (A B : mat) : mat := fun r c => sum_lt K (fun k => A r k * B k c).

Definition mat_add (A B : mat) : mat := fun r c => A r c + B r c.
Definition mat_neg (A : mat) : mat := fun r c => - A r c.
Definition mat_scale (s : R) (A : mat) : mat := fun r c => s * A r c.
Definition mat_zero : mat := fun _ _ => 0.
Definition mat_transpose (A : mat) : mat := fun r c => A c r.

(** z with its coordinate j replaced by t: the slice through z along coordinate j. *)
Definition update (z : vec) (j : nat) (t : R) : vec := fun k => if Nat.eqb k j then t else z k.

(** The partial derivative of the scalar field f along coordinate j at z is l. *)
Definition has_partial (f : vec -> R) (z : vec) (j : nat) (l : R) : Prop :=
  derivable_pt_lim (fun t => f (update z j t)) (z j) l.

(** Denominator layout: J is M x N, entry (j, i) = d f_i / d z_j. *)
Definition has_jacobian_denominator (M N : nat) (f : field) (z : vec) (J : mat) : Prop :=
  forall j i, (j < M)%nat -> (i < N)%nat -> has_partial (fun w => f w i) z j (J j i).

(** Numerator layout: J is N x M, entry (i, j) = d f_i / d z_j. *)
Definition has_jacobian_numerator (M N : nat) (f : field) (z : vec) (J : mat) : Prop :=
  forall i j, (i < N)%nat -> (j < M)%nat -> has_partial (fun w => f w i) z j (J i j).

Lemma sum_lt_zero (K : nat) (f : nat -> R) :
  (forall k, (k < K)%nat -> f k = 0) -> sum_lt K f = 0.
Proof.
  induction K as [| K IH]; intros Hzero; simpl; [reflexivity |].
  rewrite IH by (intros k Hk; apply Hzero; lia).
  rewrite Hzero by lia. ring.
Qed.

(** A sum over k < K whose terms vanish except at k = c is its term at c. *)
Lemma sum_lt_single (K c : nat) (f : nat -> R) :
  (c < K)%nat -> (forall k, (k < K)%nat -> k <> c -> f k = 0) -> sum_lt K f = f c.
Proof.
  induction K as [| K IH]; intros Hc Hzero; simpl; [lia |].
  destruct (Nat.eq_dec K c) as [<- | Hne].
  - rewrite sum_lt_zero by (intros k Hk; apply Hzero; lia). ring.
  - rewrite IH by (lia || (intros k Hk; apply Hzero; lia)).
    rewrite (Hzero K) by lia. ring.
Qed.

(** Right multiplication by diag(v) scales column c by v c. *)
Lemma mat_mul_diag_r (K : nat) (A : mat) (v : vec) (r c : nat) :
  (c < K)%nat -> mat_mul K A (diag v) r c = A r c * v c.
Proof.
  intros Hc. unfold mat_mul.
  rewrite (sum_lt_single K c); [| exact Hc |].
  - unfold diag. rewrite Nat.eqb_refl. reflexivity.
  - intros k _ Hk. unfold diag. rewrite (proj2 (Nat.eqb_neq k c) Hk). ring.
Qed.

(** Left multiplication by diag(v) scales row r by v r. *)
Lemma mat_mul_diag_l (K : nat) (v : vec) (A : mat) (r c : nat) :
  (r < K)%nat -> mat_mul K (diag v) A r c = v r * A r c.
Proof.
  intros Hr. unfold mat_mul.
  rewrite (sum_lt_single K r); [| exact Hr |].
  - unfold diag. rewrite Nat.eqb_refl. reflexivity.
  - intros k _ Hk. unfold diag. rewrite (proj2 (Nat.eqb_neq r k) (not_eq_sym Hk)). ring.
Qed.

Lemma update_same (z : vec) (j : nat) : update z j (z j) = z.
Proof.
  extensionality k. unfold update.
  destruct (Nat.eqb_spec k j) as [-> |]; reflexivity.
Qed.

Lemma has_partial_value (f : vec -> R) (z : vec) (j : nat) (l l' : R) :
  has_partial f z j l -> l = l' -> has_partial f z j l'.
Proof. intros H <-. exact H. Qed.

Lemma has_partial_ext (f g : vec -> R) (z : vec) (j : nat) (l : R) :
  (forall w, f w = g w) -> has_partial g z j l -> has_partial f z j l.
Proof.
  unfold has_partial, derivable_pt_lim. intros Hfg Hg eps Heps.
  destruct (Hg eps Heps) as [delta Hdelta]. exists delta.
  intros h Hh Hsmall. rewrite !Hfg. exact (Hdelta h Hh Hsmall).
Qed.

Lemma has_jacobian_denominator_ext (M N : nat) (f : field) (z : vec) (J J' : mat) :
  has_jacobian_denominator M N f z J ->
  (forall j i, (j < M)%nat -> (i < N)%nat -> J j i = J' j i) ->
  has_jacobian_denominator M N f z J'.
Proof.
  intros H HJ j i Hj Hi. rewrite <- HJ by assumption. exact (H j i Hj Hi).
Qed.

Lemma has_jacobian_numerator_ext (M N : nat) (f : field) (z : vec) (J J' : mat) :
  has_jacobian_numerator M N f z J ->
  (forall i j, (i < N)%nat -> (j < M)%nat -> J i j = J' i j) ->
  has_jacobian_numerator M N f z J'.
Proof.
  intros H HJ i j Hi Hj. rewrite <- HJ by assumption. exact (H i j Hi Hj).
Qed.

(** The two layouts are transposes of one another: J is the denominator-layout Jacobian
    of f exactly when its transpose is the numerator-layout one. *)
Lemma has_jacobian_denominator_transpose (M N : nat) (f : field) (z : vec) (J : mat) :
  has_jacobian_denominator M N f z J <-> has_jacobian_numerator M N f z (mat_transpose J).
Proof. split; intros H r c Hr Hc; exact (H c r Hc Hr). Qed.

(** z + t h: the straight path through z in the direction h. *)
Definition shift (z h : vec) (t : R) : vec := fun k => z k + t * h k.

(** The derivative of the scalar field f at z in the direction h is l: the derivative at
    t = 0 of f along the path t |-> z + t h. For f differentiable at z, l = df(z)[h]. *)
Definition has_directional (f : vec -> R) (z h : vec) (l : R) : Prop :=
  derivable_pt_lim (fun t => f (shift z h t)) 0 l.

(** The differential of the array-valued field X at z, applied to the direction h, is dX:
    entry by entry, dX k is the derivative of w |-> X w k at z in the direction h. Entries are
    indexed by any type I, so arrays of any shape are instances. *)
Definition has_differential {I : Type} (X : vec -> I -> R) (z h : vec) (dX : I -> R) : Prop :=
  forall k, has_directional (fun w => X w k) z h (dX k).

Lemma shift_zero (z h : vec) : shift z h 0 = z.
Proof. extensionality k. unfold shift. ring. Qed.

Lemma has_directional_value (f : vec -> R) (z h : vec) (l l' : R) :
  has_directional f z h l -> l = l' -> has_directional f z h l'.
Proof. intros H <-. exact H. Qed.

Lemma has_directional_ext (f g : vec -> R) (z h : vec) (l : R) :
  (forall w, f w = g w) -> has_directional g z h l -> has_directional f z h l.
Proof.
  unfold has_directional, derivable_pt_lim. intros Hfg Hg eps Heps.
  destruct (Hg eps Heps) as [delta Hdelta]. exists delta.
  intros t Ht Hsmall. rewrite !Hfg. exact (Hdelta t Ht Hsmall).
Qed.

(** Two entries agree: unfold the entry-wise operations, let the diagonal products keep
    their one surviving term, and close by [ring]. *)
Ltac entrywise :=
  intros; unfold mat_add, mat_neg, mat_scale, mat_zero, mat_transpose; cbv beta;
  rewrite ?mat_mul_diag_r, ?mat_mul_diag_l by assumption; unfold hadamard; cbv beta; ring.
