/* FLOP counts of a Transformer semantic encoder and decoder (DeepSC), paper
 * 001 Appendix A, eqs. (29)-(33).  Paper 000 takes its per-task hardware
 * requirement l = l^en + l^de (Sec. II-B, eqs. (5)-(7)) from these counts:
 * a task is one sentence of S words, the semantic encoder emits k symbols per
 * word (paper 000 eq. (10): "the output dimension of the semantic encoders"),
 * so the dense channel-encoding layer of (32) has n_out = k outputs.
 *
 * Notation of Appendix A: B batch, S words, L layers, h heads, d_model the
 * embedding dimension, H = d_k = d_v = d_model / h, n_vocab the vocabulary.
 *
 *   (29) F_1     = 6 B S h H^2                       Q, K, V projections of one head
 *   (30) F_2     = 4 B h H S^2                       Q K^T and softmax(.) V
 *   (31) F_atten = h (F_1 + F_2) + 2 B S h^2 H^2 = 8 B S h^2 H^2 + 4 B S^2 h^2 H
 *        F_FFN   = 2 B S h H^2
 *        F_dense = 2 B S h H n_out
 *   (32) F_enc   = L (F_atten + F_FFN) + F_dense
 *        F_vocab = 2 B S H n_vocab
 *   (33) F_dec   = L (2 F_atten + F_FFN) + F_vocab
 *
 * SEMEC_TRANSFORMER_PRINTED (the default) evaluates these exactly as printed.
 * They are internally consistent, but three terms do not count what the
 * text describes: (30) already sums over the h heads and (31) multiplies it
 * by h again (the S^2 term carries h^2 instead of h); the feed-forward layer
 * is a single d_model x H product (a Transformer FFN is d_model -> d_ff ->
 * d_model); and F_vocab uses H where the decoder output has d_model = h H
 * features.  SEMEC_TRANSFORMER_PHYSICAL counts the same layers as a
 * Transformer performs them (2 FLOP per multiply-accumulate, as the paper):
 *   attention 8 B S d^2 + 4 B S^2 d,  FFN 4 B S d d_ff,
 *   dense 2 B S d n_out,              vocabulary 2 B S d n_vocab,
 * with d = d_model and the decoder's cross-attention over the S encoder
 * outputs.  Both modes ignore embeddings, softmax, layer norms and biases,
 * as the paper does. */
#ifndef SEMEC_TRANSFORMER_H
#define SEMEC_TRANSFORMER_H
#include <semec/engine/compat.h>

typedef enum {
  SEMEC_TRANSFORMER_PRINTED,  /* paper 001 eqs. (29)-(33) as printed (default) */
  SEMEC_TRANSFORMER_PHYSICAL  /* the multiply-accumulates a Transformer performs */
} SemecTransformerCount;

typedef struct {
  PetscInt layers;  /* L, Transformer layers of the encoder and of the decoder */
  PetscInt heads;   /* h */
  PetscInt d_model; /* word embedding dimension, a multiple of h (H = d_model / h) */
  PetscInt d_ff;    /* inner width of the feed-forward layer (PHYSICAL only) */
  PetscInt vocab;   /* n_vocab, classes of the decoder's output layer */
  PetscInt batch;   /* B, sentences per inference (1: one task) */
  SemecTransformerCount count;
} SemecTransformer;

/* The defaults: the Transformer "base" of paper 001's [21] (Vaswani et al.
 * 2017), which paper 001 Sec. V-A uses with 6 encoder and decoder layers:
 * L = 6, h = 8, d_model = 512 (H = 64), d_ff = 2048, n_vocab = 37000 (the
 * shared BPE vocabulary of [21]), B = 1, PRINTED.  Paper 000 gives no model
 * dimensions; these are our choice and are options of the run. */
void SemecTransformerDefault(SemecTransformer *t);
/* Every dimension >= 1 and d_model a multiple of heads; the error names the
 * field and the value. */
PetscErrorCode SemecTransformerValidate(MPI_Comm comm, const SemecTransformer *t);

/* H = d_model / h. */
double SemecTransformerHeadDim(const SemecTransformer *t);
/* F_1, paper 001 eq. (29), for a sentence of S words (PRINTED form). */
double SemecTransformerFlopsQkv(const SemecTransformer *t, double S);
/* F_2, paper 001 eq. (30) (PRINTED form). */
double SemecTransformerFlopsScores(const SemecTransformer *t, double S);
/* F_atten, one attention layer, paper 001 eq. (31). */
double SemecTransformerFlopsAttention(const SemecTransformer *t, double S);
/* F_FFN, the feed-forward layer of one Transformer layer. */
double SemecTransformerFlopsFfn(const SemecTransformer *t, double S);
/* F_dense, the channel-encoding dense layer with n_out = k outputs per word. */
double SemecTransformerFlopsDense(const SemecTransformer *t, double S, double k);
/* F_vocab, the decoder's classification layer. */
double SemecTransformerFlopsVocab(const SemecTransformer *t, double S);
/* l^en = F_encoder, paper 001 eq. (32), k symbols per word. */
double SemecTransformerEncoderFlops(const SemecTransformer *t, double S, double k);
/* l^de = F_decoder, paper 001 eq. (33). */
double SemecTransformerDecoderFlops(const SemecTransformer *t, double S);

#endif
