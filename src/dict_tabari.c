/*
 * dict_tabari.c — placeholder until the TABARI reader lands: reports the file as not read.
 */
#include "dict.h"

bool dict_load_tabari(dyad_dict *d, const char *path)
{
    uint32_t file = dict_add_file(d, path);
    dict_reject(d, file, 0, "TABARI dictionaries are not read by this version");
    return true;
}
