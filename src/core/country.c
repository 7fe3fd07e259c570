/*
 * country.c -- the officially assigned ISO 3166-1 alpha-2 codes (249),
 * sorted, two letters each, searched by bisection.
 */
#include "country.h"

#include <string.h>

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
