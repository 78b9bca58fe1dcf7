/* Transformer FLOP counts of paper 001 Appendix A, eqs. (29)-(33), against
 * values computed by hand for a small configuration (both counting modes),
 * the defaults that paper 000 uses, and the validation of the dimensions. */
#include <semec/semantic/transformer.h>
#include "check.h"

static void Small(void)
{
  /* B = 1, S = 2 words, L = 2, h = 2, d_model = 6 (H = 3), n_out = k = 4, n_vocab = 5, d_ff = 7 */
  SemecTransformer t = {.layers = 2, .heads = 2, .d_model = 6, .d_ff = 7, .vocab = 5, .batch = 1, .count = SEMEC_TRANSFORMER_PRINTED};
  double           S = 2.0, k = 4.0;

  PetscCallAbort(PETSC_COMM_SELF, SemecTransformerValidate(PETSC_COMM_SELF, &t));
  CHECK_CLOSE(SemecTransformerHeadDim(&t), 3.0, 0.0);
  /* (29) F_1 = 6 B S h H^2 = 6 x 1 x 2 x 2 x 9 = 216 (= 3 x 2 B S d_model H = 6 x 2 x 6 x 3) */
  CHECK_CLOSE(SemecTransformerFlopsQkv(&t, S), 216.0, 0.0);
  /* (30) F_2 = 4 B h H S^2 = 4 x 2 x 3 x 4 = 96 */
  CHECK_CLOSE(SemecTransformerFlopsScores(&t, S), 96.0, 0.0);
  /* (31) F_atten = h (F_1 + F_2) + 2 B S h^2 H^2 = 2 x 312 + 2 x 2 x 4 x 9 = 624 + 144 = 768;
   *      the printed closed form 8 B S h^2 H^2 + 4 B S^2 h^2 H = 576 + 192 = 768 agrees */
  CHECK_CLOSE(SemecTransformerFlopsAttention(&t, S), 768.0, 0.0);
  /* F_FFN = 2 B S h H^2 = 2 x 2 x 2 x 9 = 72 */
  CHECK_CLOSE(SemecTransformerFlopsFfn(&t, S), 72.0, 0.0);
  /* F_dense = 2 B S h H n_out = 2 x 2 x 2 x 3 x 4 = 96 */
  CHECK_CLOSE(SemecTransformerFlopsDense(&t, S, k), 96.0, 0.0);
  /* (32) F_enc = L (F_atten + F_FFN) + F_dense = 2 x 840 + 96 = 1776 */
  CHECK_CLOSE(SemecTransformerEncoderFlops(&t, S, k), 1776.0, 0.0);
  /* F_vocab = 2 B S H n_vocab = 2 x 2 x 3 x 5 = 60 */
  CHECK_CLOSE(SemecTransformerFlopsVocab(&t, S), 60.0, 0.0);
  /* (33) F_dec = L (2 F_atten + F_FFN) + F_vocab = 2 x (1536 + 72) + 60 = 3276 */
  CHECK_CLOSE(SemecTransformerDecoderFlops(&t, S), 3276.0, 0.0);
  /* batch B = 3 scales every term */
  t.batch = 3;
  CHECK_CLOSE(SemecTransformerEncoderFlops(&t, S, k), 3.0 * 1776.0, 0.0);
  CHECK_CLOSE(SemecTransformerDecoderFlops(&t, S), 3.0 * 3276.0, 0.0);

  /* Physical count, d = 6, B = 1:
   *   attention 8 B S d^2 + 4 B S^2 d = 576 + 96 = 672;  FFN 4 B S d d_ff = 4 x 2 x 6 x 7 = 336;
   *   dense 2 B S d k = 96;  vocabulary 2 B S d n_vocab = 2 x 2 x 6 x 5 = 120;
   *   encoder 2 (672 + 336) + 96 = 2112;  decoder 2 (2 x 672 + 336) + 120 = 3480 */
  t.batch = 1;
  t.count = SEMEC_TRANSFORMER_PHYSICAL;
  CHECK_CLOSE(SemecTransformerFlopsAttention(&t, S), 672.0, 0.0);
  CHECK_CLOSE(SemecTransformerFlopsFfn(&t, S), 336.0, 0.0);
  CHECK_CLOSE(SemecTransformerFlopsDense(&t, S, k), 96.0, 0.0);
  CHECK_CLOSE(SemecTransformerFlopsVocab(&t, S), 120.0, 0.0);
  CHECK_CLOSE(SemecTransformerEncoderFlops(&t, S, k), 2112.0, 0.0);
  CHECK_CLOSE(SemecTransformerDecoderFlops(&t, S), 3480.0, 0.0);
}

static void Defaults(void)
{
  /* L = 6, h = 8, d_model = 512 (H = 64), n_vocab = 37000, B = 1 with paper 000's S = 10, k = 24:
   *   F_1 = 6 x 10 x 8 x 4096 = 1966080;  F_2 = 4 x 8 x 64 x 100 = 204800
   *   F_atten = 8 x 2170880 + 2 x 10 x 64 x 4096 = 17367040 + 5242880 = 22609920
   *   F_FFN = 2 x 10 x 8 x 4096 = 655360;  F_dense = 2 x 10 x 512 x 24 = 245760
   *   l^en = 6 x (22609920 + 655360) + 245760 = 139837440
   *   F_vocab = 2 x 10 x 64 x 37000 = 47360000
   *   l^de = 6 x (45219840 + 655360) + 47360000 = 322611200;  l = 462448640 FLOP per sentence */
  SemecTransformer t;
  SemecTransformerDefault(&t);
  PetscCallAbort(PETSC_COMM_SELF, SemecTransformerValidate(PETSC_COMM_SELF, &t));
  CHECK_CLOSE(SemecTransformerFlopsAttention(&t, 10.0), 22609920.0, 0.0);
  CHECK_CLOSE(SemecTransformerEncoderFlops(&t, 10.0, 24.0), 139837440.0, 0.0);
  CHECK_CLOSE(SemecTransformerDecoderFlops(&t, 10.0), 322611200.0, 0.0);
  /* the decoder costs more than the encoder (paper 001 App. A: two attention layers per layer) */
  CHECK(SemecTransformerDecoderFlops(&t, 10.0) > 2.0 * SemecTransformerEncoderFlops(&t, 10.0, 24.0));
}

static void Invalid(void)
{
  SemecTransformer t;
  PetscErrorCode   ierr;

  PetscCallAbort(PETSC_COMM_SELF, PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  SemecTransformerDefault(&t);
  t.d_model = 500; /* not a multiple of h = 8 */
  ierr      = SemecTransformerValidate(PETSC_COMM_SELF, &t);
  CHECK(ierr != 0);
  SemecTransformerDefault(&t);
  t.layers = 0;
  ierr     = SemecTransformerValidate(PETSC_COMM_SELF, &t);
  CHECK(ierr != 0);
  PetscCallAbort(PETSC_COMM_SELF, PetscPopErrorHandler());
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  Small();
  Defaults();
  Invalid();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
