/*
 * "Open with > Image viewer" (the default entry of omero.web.open_with): the
 * image's page in the full viewer, <webclient>/img_detail/<id>/. Pages that read
 * omero.web.open_with in the browser (OMERO.iviewer, plugins) load this script.
 */
(function () {
    "use strict";
    if (!window.OME || typeof window.OME.setOpenWithUrlProvider !== "function") {
        return;
    }
    window.OME.setOpenWithUrlProvider("Image viewer", function (selected) {
        var params = window.INITIAL_REQUEST_PARAMS || {};
        var webclient = params.WEBCLIENT || "/webclient/";
        if (webclient.charAt(webclient.length - 1) !== "/") {
            webclient += "/";
        }
        return webclient + "img_detail/" + selected[0].id + "/";
    });
})();
