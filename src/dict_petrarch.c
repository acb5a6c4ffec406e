/*
 * dict_petrarch.c — placeholder until the PETRARCH reader lands: reports the file as not read.
 */
#include "dict.h"

bool dict_load_petrarch(dyad_dict *d, const char *path)
{
    uint32_t file = dict_add_file(d, path);
    dict_reject(d, file, 0, "PETRARCH dictionaries are not read by this version");
    return true;
}
