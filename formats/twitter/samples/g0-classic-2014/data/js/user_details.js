var user_details =  {
  "expanded_url" : "http:\/\/adaquill.example.net",
  "screen_name" : "adaquill",
  "location" : "Leeds, UK",
  "url" : "http:\/\/t.co\/Qa7LmN2pXe",
  "full_name" : "Ada Quill",
  "bio" : "Allotment notes, bus timetables and the occasional moth. Caf\u00E9 regular.",
  "id" : "15823412",
  "created_at" : "2008-07-22 09:14:03 +0000",
  "display_url" : "adaquill.example.net"
}