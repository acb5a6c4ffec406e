/*
 * tabari.h — the TABARI coder (private): how TABARI 0.8 codes a sentence
 * with its own dictionaries, for conformance with its validation suite and
 * for users who code with their TABARI dictionaries.
 *
 * dyad's own coder (parse.c, events.c) reads a sentence its own way; TABARI
 * dictionaries were written for TABARI's reading (manual chapters 5 to 8):
 * roots matched by the most characters, stems and skips inside phrases,
 * the first verb of each conjunction-delimited clause, comma-delimited
 * clauses dropped, patterns matched sparsely forwards and backwards from the
 * verb, default source and target searches, parsed and coded compounds,
 * paired, subordinate and dominant codes, and the .options settings.  When a
 * dictionary set holds a TABARI .verbs file, events.c hands each sentence
 * to tabari_code_sentence instead.
 *
 * The reader (dict_tabari.c) gives each phrase and pattern as written through
 * the tabari_add_* functions while it loads; the compiled form hangs off the
 * dictionary (dyad_dict.tabari) and, like it, is read-only afterwards.  Run-
 * time settings (.options, and OPTION records of validation files) live in
 * the coder, one per thread.
 */
#ifndef DYAD_TABARI_H
#define DYAD_TABARI_H

#include "dict.h"

/* Kinds of TABARI phrases (roots). */
typedef enum tabari_root_kind {
    TB_ACTOR = 1,    /* id = entity (its code may depend on the date; "A/B" is a coded compound) */
    TB_AGENT = 2,    /* id = agent */
    TB_VERB = 3,     /* id = verb */
    TB_NOUN = 4,
    TB_ADJ = 5,
    TB_NULL = 6,     /* an actor coded [---] */
    TB_DISCARD = 7,  /* an actor coded [###] */
    TB_SETWORD = 8   /* id = synonym set: a member, matched only inside patterns */
} tabari_root_kind;

/**
 * Records a phrase as written ("AL GORE", "ESTONIA_", "SHOT_AND_WOUND") with
 * its kind and id.  For verbs, `code` is the text of the root's code block
 * ("032:033", "023?", "031!") or NULL.  False on OOM (d->oom set).
 */
bool tabari_add_root(dyad_dict *d, int kind, uint32_t id, const char *phrase, const char *code, uint32_t file,
                     uint32_t line);
/** Records the pattern "- text [code]" of verb `verb` as written (text without the '-'). */
bool tabari_add_pattern(dyad_dict *d, uint32_t verb, const char *text, const char *code, uint32_t file,
                        uint32_t line);
/** Frees the TABARI data of a dictionary set (called by dyad_dict_free). */
void tabari_data_free(dyad_dict *d);
/** True when the set holds TABARI verbs: sentences are then coded by tabari_code_sentence. */
bool tabari_active(const dyad_dict *d);

/**
 * Codes sentence s of d the way TABARI does and appends its events.  trace
 * may be NULL.  False on OOM.
 */
bool tabari_code_sentence(dyad_coder *c, dyad_doc *d, uint32_t s, dyad_buf *trace);

/**
 * Applies one .options command to the coder ("SET: CODE BY SENTENCE",
 * "DEFAULT: SOURCE [X] PRIOR", "COMPLEX: VERBS[5] NOACTPRIOR", "COMMA: OFF",
 * "SET: MINIMUM WORDS = 4", "SET: CONVERT AGENT = TRUE").  Returns true when
 * applied; false (with the reason in why) when the command is not supported.
 */
bool tabari_apply_option(dyad_coder *c, const char *command, char *why, size_t n);

/**
 * Codes each document's text as one unit, as TABARI codes a record (`dyad validate`), instead of
 * sentence by sentence.  False on OOM.
 */
bool tabari_whole_texts(dyad_coder *c, bool on);

/** What the last document coded by c was, TABARI-wise (TB_DOC_* bits), for `dyad validate`. */
enum { TB_DOC_COMPLEX = 1, TB_DOC_DISCARD = 2 };
int tabari_doc_status(const dyad_coder *c);

/** Frees the coder's TABARI settings (called by dyad_coder_free). */
void tabari_settings_free(dyad_coder *c);

#endif
