/*
 * country.c -- the officially assigned ISO 3166-1 alpha-2 codes (249),
 * sorted, two letters each, searched by bisection.
 */
#include "country.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char s_codes[] = "ADAEAFAGAIALAMAOAQARASATAUAWAXAZ"
                              "BABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ"
                              "CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZ"
                              "DEDJDKDMDODZ"
                              "ECEEEGEHERESET"
                              "FIFJFKFMFOFR"
                              "GAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGY"
                              "HKHMHNHRHTHU"
                              "IDIEILIMINIOIQIRISIT"
                              "JEJMJOJP"
                              "KEKGKHKIKMKNKPKRKWKYKZ"
                              "LALBLCLILKLRLSLTLULVLY"
                              "MAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZ"
                              "NANCNENFNGNINLNONPNRNUNZ"
                              "OM"
                              "PAPEPFPGPHPKPLPMPNPRPSPTPWPY"
                              "QA"
                              "RERORSRURW"
                              "SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZ"
                              "TCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZ"
                              "UAUGUMUSUYUZ"
                              "VAVCVEVGVIVNVU"
                              "WFWS"
                              "YEYT"
                              "ZAZMZW";

bool
hv_country_valid(const char *code)
{
	size_t lo = 0, hi = (sizeof s_codes - 1) / 2;

	if (code == NULL || strlen(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' ||
	    code[1] > 'Z')
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(code, s_codes + 2 * mid, 2);
		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

static int
s_cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const hv_country_name_t *)elem)->slug);
}

const char *
hv_country_by_name(const char *text)
{
	char slug[96];
	const char *colon = strchr(text, ':');

	if (colon != NULL && colon - text == 2) /* an Open Food Facts tag's language: "en:" */
		text = colon + 1;
	if (hv_text_slug(text, slug, sizeof slug) < 0 || slug[0] == '\0')
		return NULL;
	const hv_country_name_t *n = bsearch(slug, hv_country_names, hv_country_names_count,
	    sizeof hv_country_names[0], s_cmp_name);
	return n != NULL ? n->code : NULL;
}
