export const id = 812;
export const ids = [812];
export const modules = {

/***/ 3812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   trackingIssue: () => (/* binding */ trackingIssue)
/* harmony export */ });
async function trackingIssue(ctx, _env, _token) {
    ctx.warn('atlas-preflight: open-issue is not available yet', 'The tracking issue for scheduled runs is not built in this version; no issue was opened.');
}


/***/ })

};
