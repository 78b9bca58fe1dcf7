/* Transformer FLOP counts, paper 001 Appendix A eqs. (29)-(33); see
 * include/semec/semantic/transformer.h for the formulas and the two counting modes. */
#include <semec/semantic/transformer.h>

#define TRANSFORMER_MAX_DIM 1000000000

void SemecTransformerDefault(SemecTransformer *t)
{
  t->layers  = 6;     /* paper 001 Sec. V-A: 6 encoder and 6 decoder layers */
  t->heads   = 8;     /* Transformer base of [21] */
  t->d_model = 512;   /* Transformer base of [21] */
  t->d_ff    = 2048;  /* Transformer base of [21] */
  t->vocab   = 37000; /* shared BPE vocabulary of [21] */
  t->batch   = 1;     /* one sentence per task */
  t->count   = SEMEC_TRANSFORMER_PRINTED;
}

PetscErrorCode SemecTransformerValidate(MPI_Comm comm, const SemecTransformer *t)
{
  const struct {
    const char *name;
    PetscInt    v;
  } dims[] = {
    {"layers L", t->layers}, {"heads h", t->heads}, {"d_model", t->d_model}, {"d_ff", t->d_ff}, {"vocabulary n_vocab", t->vocab}, {"batch B", t->batch}
  };

  PetscFunctionBeginUser;
  for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
    PetscCheck(dims[i].v >= 1 && dims[i].v <= TRANSFORMER_MAX_DIM, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "Transformer %s, %" PetscInt_FMT ", is out of range: allowed [1, %d]", dims[i].name, dims[i].v, TRANSFORMER_MAX_DIM);
  PetscCheck(t->d_model % t->heads == 0, comm, PETSC_ERR_ARG_INCOMP,
             "Transformer d_model, %" PetscInt_FMT ", is not a multiple of the heads h, %" PetscInt_FMT " (paper 001 App. A: H = d_model / h)", t->d_model,
             t->heads);
  PetscCheck(t->count == SEMEC_TRANSFORMER_PRINTED || t->count == SEMEC_TRANSFORMER_PHYSICAL, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Transformer counting mode %d is unknown", (int)t->count);
  PetscFunctionReturn(PETSC_SUCCESS);
}

double SemecTransformerHeadDim(const SemecTransformer *t) { return (double)t->d_model / (double)t->heads; }

double SemecTransformerFlopsQkv(const SemecTransformer *t, double S)
{
  double B = (double)t->batch, h = (double)t->heads, H = SemecTransformerHeadDim(t);
  return 6.0 * B * S * h * H * H; /* paper 001 eq. (29): 3 x 2 B S d_model H */
}

double SemecTransformerFlopsScores(const SemecTransformer *t, double S)
{
  double B = (double)t->batch, h = (double)t->heads, H = SemecTransformerHeadDim(t);
  return 4.0 * B * h * H * S * S; /* paper 001 eq. (30): F_{2,1} + F_{2,2}, as printed with the factor h */
}

double SemecTransformerFlopsAttention(const SemecTransformer *t, double S)
{
  double B = (double)t->batch, h = (double)t->heads, H = SemecTransformerHeadDim(t), d = (double)t->d_model;
  if (t->count == SEMEC_TRANSFORMER_PHYSICAL) return 8.0 * B * S * d * d + 4.0 * B * S * S * d;
  /* paper 001 eq. (31): h (F_1 + F_2) + 2 B S h^2 H^2 (W^O) = 8 B S h^2 H^2 + 4 B S^2 h^2 H */
  return h * (SemecTransformerFlopsQkv(t, S) + SemecTransformerFlopsScores(t, S)) + 2.0 * B * S * h * h * H * H;
}

double SemecTransformerFlopsFfn(const SemecTransformer *t, double S)
{
  double B = (double)t->batch, h = (double)t->heads, H = SemecTransformerHeadDim(t), d = (double)t->d_model;
  if (t->count == SEMEC_TRANSFORMER_PHYSICAL) return 4.0 * B * S * d * (double)t->d_ff;
  return 2.0 * B * S * h * H * H; /* paper 001 App. A: F_FFN = 2 B S h H^2 */
}

double SemecTransformerFlopsDense(const SemecTransformer *t, double S, double k)
{
  double B = (double)t->batch, h = (double)t->heads, H = SemecTransformerHeadDim(t);
  return 2.0 * B * S * h * H * k; /* paper 001 App. A: F_dense = 2 B S h H n_out, n_out = k (both modes: h H = d_model) */
}

double SemecTransformerFlopsVocab(const SemecTransformer *t, double S)
{
  double B = (double)t->batch, H = SemecTransformerHeadDim(t), d = (double)t->d_model;
  if (t->count == SEMEC_TRANSFORMER_PHYSICAL) return 2.0 * B * S * d * (double)t->vocab;
  return 2.0 * B * S * H * (double)t->vocab; /* paper 001 App. A: F_vocab = 2 B S H n_vocab */
}

double SemecTransformerEncoderFlops(const SemecTransformer *t, double S, double k)
{
  double L = (double)t->layers;
  /* paper 001 eq. (32): L (F_atten + F_FFN) + F_dense */
  return L * (SemecTransformerFlopsAttention(t, S) + SemecTransformerFlopsFfn(t, S)) + SemecTransformerFlopsDense(t, S, k);
}

double SemecTransformerDecoderFlops(const SemecTransformer *t, double S)
{
  double L = (double)t->layers;
  /* paper 001 eq. (33): L (2 F_atten + F_FFN) + F_vocab (self- and encoder-decoder attention) */
  return L * (2.0 * SemecTransformerFlopsAttention(t, S) + SemecTransformerFlopsFfn(t, S)) + SemecTransformerFlopsVocab(t, S);
}
