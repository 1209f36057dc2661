/* report_verify.c - the audit digest out of a report's PDF (see
 * report_verify.h), with poppler-glib. */
#include <errno.h>
#include <glib.h>
#include <poppler.h>
#include <string.h>
#include "checkin/i18n.h"
#include "report_verify.h"

int report_pdf_digest(const char *path, struct report_digest *out, ck_err *err)
{
	gchar *data = NULL;
	gsize len = 0;
	GError *gerr = NULL;
	int rc = -1;

	if (!g_file_get_contents(path, &data, &len, &gerr)) {
		ck_fail(err, gerr->code == G_FILE_ERROR_NOENT ? CK_NOT_FOUND : CK_IO, _("không đọc được tệp '%s': %s"), path,
		        gerr->message);
		g_error_free(gerr);
		return -1;
	}
	GBytes *bytes = g_bytes_new_take(data, len);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (!doc) {
		ck_fail(err, CK_INVALID, _("'%s' không phải là tệp PDF đọc được: %s"), path, gerr ? gerr->message : "?");
		if (gerr)
			g_error_free(gerr);
		return -1;
	}
	gchar *kw = poppler_document_get_keywords(doc);
	if (report_digest_parse(kw, out) == 0)
		rc = 0;
	g_free(kw);
	/* the printed line, when the metadata does not have it */
	for (int i = poppler_document_get_n_pages(doc) - 1; rc < 0 && i >= 0; i--) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		if (!page)
			continue;
		gchar *text = poppler_page_get_text(page);
		if (report_digest_parse(text, out) == 0)
			rc = 0;
		g_free(text);
		g_object_unref(page);
	}
	g_object_unref(doc);
	if (rc < 0)
		ck_fail(err, CK_NOT_FOUND, _("'%s' không có mã nhật ký của một báo cáo điểm danh"), path);
	return rc;
}
