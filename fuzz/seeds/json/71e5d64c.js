/* archive viewer (synthetic stand-in) */
window.YTD = window.YTD || {};
document.title = "Your X archive";
