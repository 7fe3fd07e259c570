#!/bin/sh
# Every message a person can read has a Vietnamese translation: the sources'
# messages (xgettext over po/POTFILES) merged into po/vi.po leave nothing
# untranslated or fuzzy.
. "$(dirname "$0")/lib.sh"

cd "$SRCDIR" || exit 1
# Every source with a message for people is one xgettext reads.
missing=$(grep -l -e '\b_(' -e 'N_(' src/*/*.c src/*/*.h plugin/*.c plugin/*.h |
	grep -v 'src/core/i18n.h' | grep -v -x -F -f po/POTFILES)
if [ -z "$missing" ]; then
	_result 0 "po/POTFILES names every source with messages"
else
	_result 1 "po/POTFILES names every source with messages" "missing: $missing"
fi
check "xgettext reads the sources" xgettext --from-code=UTF-8 -k_ -kN_ --package-name=hangviet \
	-o "$TMP/hangviet.pot" -f po/POTFILES
check "msgmerge" msgmerge -q -o "$TMP/vi.po" po/vi.po "$TMP/hangviet.pot"
stats=$(msgfmt --statistics -o /dev/null "$TMP/vi.po" 2>&1)
case "$stats" in
*untranslated* | *fuzzy*)
	_result 1 "every message is translated" "$stats
untranslated or fuzzy:
$(msgattrib --untranslated --only-fuzzy "$TMP/vi.po" 2>/dev/null | grep '^msgid' | head -20)
$(msgattrib --untranslated "$TMP/vi.po" | grep '^msgid' | head -20)"
	;;
*) _result 0 "every message is translated ($stats)" ;;
esac
check "vi.po passes msgfmt -c" msgfmt -c -o /dev/null po/vi.po
done_testing
